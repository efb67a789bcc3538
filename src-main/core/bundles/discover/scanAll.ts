// The whole job the app and `trustfix scan` run: find the bundles, judge each distinct file once,
// and return one report with how the search went. A cancel stops the search; what was found by
// then is still judged for JUDGE_AFTER_CANCEL_MS (judging is quick) so the answer is partial, never
// empty-handed, and the files left when that time is up are counted as not judged.
import { realpath } from 'node:fs/promises';
import type { TrustContext } from '../../context.ts';
import { judgeFiles, type JudgeOne } from '../scanPaths.ts';
import { makeReport, type ScanReport } from '../scanReport.ts';
import { bundleId } from '../verdict.ts';
import { discoverBundles, type DiscoverOptions, type DiscoveryResult } from './discover.ts';

export type ScanAllOptions = DiscoverOptions;

/** The two steps, when a caller brings its own (the scan cache: rescan/cachedScan.ts). */
export interface ScanSteps {
  discover?: (options: DiscoverOptions) => Promise<DiscoveryResult>;
  judgeOne?: JudgeOne;
}

/** After a cancel, how long the files found so far are still judged: the CLI ends within a second of
 * Ctrl-C or SIGTERM, and the walk takes up to 200 ms of it to stop. */
export const JUDGE_AFTER_CANCEL_MS = 250;

/** A signal that aborts `ms` after `signal` does (counted from now when it already has). */
function abortsLater(signal: AbortSignal | undefined, ms: number): AbortSignal | undefined {
  if (!signal) return undefined;
  const later = new AbortController();
  const arm = (): void => void setTimeout(() => later.abort(), ms).unref();
  if (signal.aborted) arm();
  else signal.addEventListener('abort', arm, { once: true });
  return later.signal;
}

export async function scanAll(ctx: TrustContext, options: ScanAllOptions = {}, steps: ScanSteps = {}): Promise<ScanReport> {
  const started = performance.now();
  const found = await (steps.discover ?? discoverBundles)(options);
  const onProgress = options.onProgress;
  let judgedCount = 0;
  const judged = await judgeFiles(
    found.files.map((f) => f.path),
    ctx,
    (p) => {
      judgedCount = p.judged;
      onProgress?.({ phase: 'judge', visited: found.info.visited, found: found.files.length, current: p.current, elapsedMs: Math.round(performance.now() - started) });
    },
    abortsLater(options.signal, JUDGE_AFTER_CANCEL_MS),
    steps.judgeOne,
  );
  if (judgedCount < found.files.length) found.info.unjudged = found.files.length - judgedCount;
  // A file reached by two paths (a link and its target) is judged once; keep every way it was found.
  const byId = new Map(judged.map((v) => [v.id, v]));
  // All at once: one after the other, thousands of copies wait on thousands of round trips.
  const reals = await Promise.all(found.files.map((f) => realpath(f.path).catch(() => f.path)));
  for (const [n, f] of found.files.entries()) {
    const id = bundleId(reals[n]!);
    const v = byId.get(id);
    if (!v) continue;
    v.foundBy = [...new Set([...(v.foundBy ?? []), ...f.foundBy])];
    if (f.configuredBy) v.configuredBy = [...new Set([...(v.configuredBy ?? []), ...f.configuredBy])];
  }
  const report = makeReport(ctx, judged, started);
  report.discovery = found.info;
  return report;
}
