// The whole answer of a scan, as one JSON-able record (the `--json` output and the app's table).
import { arch, hostname, release } from 'node:os';
import type { TrustContext } from '../context.ts';
import { platformFor } from '../platform/index.ts';
import type { PlatformId } from '../platform/types.ts';
import type { OsStoreInfo } from '../trust/osStore.ts';
import type { ReferenceInfo } from '../trust/reference.ts';
import type { BundleStatus } from './judge.ts';
import type { BundleVerdict } from './verdict.ts';
import type { DiscoveryInfo } from './discover/discover.ts';
import { nextStep, type NextStep } from './nextStep.ts';

/** The machine a report was made on: what IT needs to tell reports apart, and no person's name
 * besides the machine's own (no user name; paths under the home are written `~`, homePath.ts). */
export interface MachineInfo {
  hostname: string;
  /** The OS backend TrustFix ran with: linux, darwin, win32. */
  os: PlatformId;
  arch: string;
  /** The OS kernel's release (os.release()). */
  release: string;
  trustfixVersion: string;
}

export function thisMachine(trustfixVersion: string): MachineInfo {
  return { hostname: hostname(), os: platformFor().id, arch: arch(), release: release(), trustfixVersion };
}

/** 2: paths under the home are written `~` and ids hash those paths; `machine` added. */
export const SCAN_SCHEMA = 2;

export interface ScanReport {
  schema: typeof SCAN_SCHEMA;
  at: string;
  /** Set by the CLI's `scan` (the one report that leaves the machine). */
  machine?: MachineInfo;
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

export function makeReport(
  ctx: TrustContext,
  bundles: BundleVerdict[],
  startedAt: number,
  machine?: MachineInfo,
): ScanReport {
  const summary: Record<BundleStatus, number> = { current: 0, stale: 0, broken: 0, 'not-a-bundle': 0 };
  for (const b of bundles) summary[b.status]++;
  return {
    schema: SCAN_SCHEMA,
    at: ctx.at.toISOString(),
    ...(machine ? { machine } : {}),
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
