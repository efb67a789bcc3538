// The whole answer of a scan, as one JSON-able record (the `--json` output and the app's table).
import type { TrustContext } from '../context.ts';
import type { OsStoreInfo } from '../trust/osStore.ts';
import type { ReferenceInfo } from '../trust/reference.ts';
import type { BundleStatus } from './judge.ts';
import type { BundleVerdict } from './verdict.ts';
import type { DiscoveryInfo } from './discover/discover.ts';
import { nextStep, type NextStep } from './nextStep.ts';

export interface ScanReport {
  schema: 1;
  at: string;
  reference: ReferenceInfo;
  systemStore: OsStoreInfo;
  bundles: BundleVerdict[];
  summary: Record<BundleStatus, number>;
  timing: { totalMs: number; parseMs: number };
  /** What to do next about staleness, in one step (nextStep.ts). */
  next: NextStep;
  /** How the search went (known places, index, walk), when the scan searched rather than being given paths. */
  discovery?: DiscoveryInfo;
}

export function makeReport(ctx: TrustContext, bundles: BundleVerdict[], startedAt: number): ScanReport {
  const summary: Record<BundleStatus, number> = { current: 0, stale: 0, broken: 0, 'not-a-bundle': 0 };
  for (const b of bundles) summary[b.status]++;
  return {
    schema: 1,
    at: ctx.at.toISOString(),
    reference: ctx.reference.info,
    systemStore: ctx.osStore.info,
    bundles,
    summary,
    timing: { totalMs: Math.round(performance.now() - startedAt), parseMs: Math.round(ctx.reader.parseTimeMs) },
    next: nextStep(bundles, (b) => ctx.platform.generatedBundle(b.realPath)),
  };
}

/** Whether a scan found something to fix: a stale or broken bundle (the CLI's exit code says so). */
export function scanHasProblems(report: ScanReport): boolean {
  return report.summary.stale > 0 || report.summary.broken > 0;
}
