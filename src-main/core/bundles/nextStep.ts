// The one next step a scan ends with, about staleness: refresh the bundle that matters most, or say
// that nothing is urgent. A stale bundle needs a refresh when it is outdated (it lacks roots Mozilla
// has listed for a year or more) or still holds roots Mozilla distrusted; one that lacks only newer
// roots can wait. "Matters most": read by the most clients (interpreters' urllib/requests/pip), then
// lacking the most settled roots, then the path, so the choice is stable. A bundle the distribution
// rebuilds (update-ca-certificates) is never proposed for `refresh`, which would refuse it (safety
// rule 7, docs/safety-rules.md): only when no other bundle needs a refresh does the step point at the system's package.
import type { GeneratedBundle } from '../platform/types.ts';
import type { StalenessGrade } from './staleness.ts';
import { SETTLED_MONTHS } from './staleness.ts';
import type { BundleVerdict } from './verdict.ts';
import { compareText } from './textOrder.ts';

export type NextStep =
  | {
      kind: 'refresh';
      bundleId: string;
      path: string;
      grade: StalenessGrade;
      /** Roots it lacks that Mozilla has listed for SETTLED_MONTHS or more. */
      settledMissing: number;
      distrustedPresent: number;
      /** Clients that verify with it (0 when Pythons were not probed). */
      usedBy: number;
      /** Other stale bundles that need a refresh too. */
      more: number;
    }
  /** Only bundles the distribution rebuilds need a refresh: its CA package is what to update. */
  | { kind: 'update-system'; bundleId: string; path: string; refreshedBy: string; more: number }
  /** Stale bundles exist, but each lacks only roots Mozilla added in the last SETTLED_MONTHS months. */
  | { kind: 'nothing-urgent'; stale: number; months: number }
  /** No bundle is stale. */
  | { kind: 'nothing' };

export function needsRefresh(b: BundleVerdict): boolean {
  return (
    b.status === 'stale' && !!b.staleness && (b.staleness.grade === 'outdated' || b.staleness.distrustedPresent > 0)
  );
}

/** Clients that verify with this file now (a client's own copy it overrides does not count). */
function readers(b: BundleVerdict): number {
  return b.usedBy?.filter((u) => u.as === 'source').length ?? 0;
}

/** `generated`: the platform's answer for a bundle's real path (platform.generatedBundle). */
export function nextStep(
  bundles: readonly BundleVerdict[],
  generated: (b: BundleVerdict) => GeneratedBundle | null = () => null,
): NextStep {
  const stale = bundles.filter((b) => b.status === 'stale');
  if (stale.length === 0) return { kind: 'nothing' };
  const dueAll = stale.filter(needsRefresh);
  if (dueAll.length === 0) return { kind: 'nothing-urgent', stale: stale.length, months: SETTLED_MONTHS };
  const due = dueAll.filter((b) => !generated(b));
  if (due.length === 0) {
    const b = mostUsed(dueAll);
    return {
      kind: 'update-system',
      bundleId: b.id,
      path: b.path,
      refreshedBy: generated(b)!.refreshedBy,
      more: dueAll.length - 1,
    };
  }
  const first = mostUsed(due);
  const s = first.staleness!;
  return {
    kind: 'refresh',
    bundleId: first.id,
    path: first.path,
    grade: s.grade,
    settledMissing: s.settledMissing,
    distrustedPresent: s.distrustedPresent,
    usedBy: readers(first),
    more: dueAll.length - 1,
  };
}

function mostUsed(due: readonly BundleVerdict[]): BundleVerdict {
  const rank = (b: BundleVerdict): [number, number, number] => [
    readers(b),
    b.staleness!.settledMissing,
    b.staleness!.distrustedPresent,
  ];
  return [...due].sort((a, b) => {
    const [ua, sa, da] = rank(a);
    const [ub, sb, db] = rank(b);
    return ub - ua || sb - sa || db - da || compareText(a.path, b.path);
  })[0]!;
}
