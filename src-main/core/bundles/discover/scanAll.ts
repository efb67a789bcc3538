// The whole job the app and `trustfix scan` run: find the bundles, judge each distinct file once,
// and return one report with how the search went. The search starts first: the context (reference,
// OS store) is made, and each file judged, while the walk's threads go on reading folders. A cancel
// stops the search; what was found by then is still judged for JUDGE_AFTER_CANCEL_MS (judging is
// quick) so the answer is partial, never empty-handed, and the files left when that time is up are
// counted as not judged.
import { realpath } from 'node:fs/promises';
import type { TrustContext } from '../../context.ts';
import type { JudgeOne } from '../scanPaths.ts';
import { makeReport, type ScanReport } from '../scanReport.ts';
import { bundleId, type BundleVerdict } from '../verdict.ts';
import { discoverBundles, type DiscoverOptions, type DiscoveryResult } from './discover.ts';
import { JudgeAsFound } from './judgeAsFound.ts';

export type ScanAllOptions = Omit<DiscoverOptions, 'onFound'>;

/** The context, or how to make it: made once the search has started, so the two overlap. */
export type ContextSource = TrustContext | (() => Promise<TrustContext>);

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

export async function scanAll(
  context: ContextSource,
  options: ScanAllOptions = {},
  steps: ScanSteps = {},
): Promise<ScanReport> {
  const started = performance.now();
  const onProgress = options.onProgress;
  // While the search runs, its own progress speaks; after it, how the judging goes.
  const search = { over: false, visited: 0, found: 0 };
  const judging = new JudgeAsFound(
    abortsLater(options.signal, JUDGE_AFTER_CANCEL_MS),
    (path) => {
      const { over, visited, found } = search;
      if (over)
        onProgress?.({
          phase: 'judge',
          visited,
          found,
          current: path,
          elapsedMs: Math.round(performance.now() - started),
        });
    },
    steps.judgeOne,
  );
  // A context that cannot be made (a bad --reference) ends the search at once.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const discovering = (steps.discover ?? discoverBundles)({
    ...options,
    signal,
    onFound: (path) => judging.push(path),
  });
  discovering.catch(() => undefined); // awaited below, once the context is made: no unhandled rejection meanwhile
  let ctx: TrustContext;
  try {
    ctx = typeof context === 'function' ? await context() : context;
  } catch (error) {
    stop.abort();
    await discovering.catch(() => undefined);
    throw error;
  }
  judging.start(ctx);
  const found = await discovering;
  // A search that did not report as it went (the scan cache's reused one) hands its files over now.
  for (const f of found.files) judging.push(f.path);
  Object.assign(search, { over: true, visited: found.info.visited, found: found.files.length });
  const verdicts = await judging.finish();
  // In the order of the sorted findings, as judgeFiles reports: the same file reached twice (a link
  // and its target) is reported once, at its first place, and keeps every way it was found.
  const judged: BundleVerdict[] = [];
  const byId = new Map<string, BundleVerdict>();
  let judgedCount = 0;
  for (const f of found.files) {
    const v = verdicts.get(f.path);
    if (v) judgedCount++;
    if (v && !byId.has(v.id)) {
      byId.set(v.id, v);
      judged.push(v);
    }
  }
  if (judgedCount < found.files.length) found.info.unjudged = found.files.length - judgedCount;
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
