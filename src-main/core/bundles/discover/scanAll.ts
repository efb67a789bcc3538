// The whole job the app and `trustfix scan` run: find the bundles, judge each distinct file once,
// and return one report with how the search went. A cancel stops the search; what was found by
// then is still judged (judging is quick) so the answer is partial, never empty-handed.
import { realpath } from 'node:fs/promises';
import type { TrustContext } from '../../context.ts';
import { judgeFiles } from '../scanPaths.ts';
import { makeReport, type ScanReport } from '../scanReport.ts';
import { bundleId } from '../verdict.ts';
import { discoverBundles, type DiscoverOptions } from './discover.ts';

export type ScanAllOptions = DiscoverOptions;

export async function scanAll(ctx: TrustContext, options: ScanAllOptions = {}): Promise<ScanReport> {
  const started = performance.now();
  const found = await discoverBundles(options);
  const onProgress = options.onProgress;
  const judged = await judgeFiles(
    found.files.map((f) => f.path),
    ctx,
    onProgress &&
      ((p) =>
        onProgress({ phase: 'judge', visited: found.info.visited, found: found.files.length, current: p.current, elapsedMs: Math.round(performance.now() - started) })),
  );
  // A file reached by two paths (a link and its target) is judged once; keep every way it was found.
  const byId = new Map(judged.map((v) => [v.id, v]));
  for (const f of found.files) {
    const id = bundleId(await realpath(f.path).catch(() => f.path));
    const v = byId.get(id);
    if (!v) continue;
    v.foundBy = [...new Set([...(v.foundBy ?? []), ...f.foundBy])];
    if (f.configuredBy) v.configuredBy = [...new Set([...(v.configuredBy ?? []), ...f.configuredBy])];
  }
  const report = makeReport(ctx, judged, started);
  report.discovery = found.info;
  return report;
}
