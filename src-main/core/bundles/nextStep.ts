// The one next step a scan ends with, about staleness: refresh the bundle that matters most, or say
// that nothing is urgent. A stale bundle needs a refresh when it is outdated (it lacks roots Mozilla
// has listed for a year or more) or still holds roots Mozilla distrusted; one that lacks only newer
// roots can wait. "Matters most": read by the most clients (interpreters' urllib/requests/pip), then
// lacking the most settled roots, then the path, so the choice is stable.
import type { StalenessGrade } from './staleness.ts';
import { SETTLED_MONTHS } from './staleness.ts';
import type { BundleVerdict } from './verdict.ts';

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
  /** Stale bundles exist, but each lacks only roots Mozilla added in the last SETTLED_MONTHS months. */
  | { kind: 'nothing-urgent'; stale: number; months: number }
  /** No bundle is stale. */
  | { kind: 'nothing' };

export function needsRefresh(b: BundleVerdict): boolean {
  return b.status === 'stale' && !!b.staleness && (b.staleness.grade === 'outdated' || b.staleness.distrustedPresent > 0);
}

/** Clients that verify with this file now (a client's own copy it overrides does not count). */
function readers(b: BundleVerdict): number {
  return b.usedBy?.filter((u) => u.as === 'source').length ?? 0;
}

export function nextStep(bundles: readonly BundleVerdict[]): NextStep {
  const stale = bundles.filter((b) => b.status === 'stale');
  if (stale.length === 0) return { kind: 'nothing' };
  const due = stale.filter(needsRefresh);
  if (due.length === 0) return { kind: 'nothing-urgent', stale: stale.length, months: SETTLED_MONTHS };
  const rank = (b: BundleVerdict): [number, number, number] => [readers(b), b.staleness!.settledMissing, b.staleness!.distrustedPresent];
  const [first] = [...due].sort((a, b) => {
    const [ua, sa, da] = rank(a);
    const [ub, sb, db] = rank(b);
    return ub - ua || sb - sa || db - da || a.path.localeCompare(b.path);
  });
  const s = first!.staleness!;
  return {
    kind: 'refresh',
    bundleId: first!.id,
    path: first!.path,
    grade: s.grade,
    settledMissing: s.settledMissing,
    distrustedPresent: s.distrustedPresent,
    usedBy: readers(first!),
    more: due.length - 1,
  };
}
