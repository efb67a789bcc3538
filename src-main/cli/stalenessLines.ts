// What `scan` says about staleness, for people: under the table, one short entry per stale bundle
// (its grade, its path, why), and at the very end of the output the one next step (core's nextStep).
import type { NextStep } from '../core/bundles/nextStep.ts';
import type { BundleVerdict } from '../core/bundles/verdict.ts';
import { shown } from '../../assets/locales/shown.ts';
import { say, t } from './i18n.ts';
import type { colours } from './style.ts';

type Colours = ReturnType<typeof colours>;

/** "outdated  PATH" and, indented below, the grade's sentences (what it lacks, since when, what it holds). */
export function stalenessLines(bundles: readonly BundleVerdict[], c: Colours): string[] {
  const out: string[] = [];
  for (const b of bundles) {
    const s = b.staleness;
    if (b.status !== 'stale' || !s) continue;
    const label =
      s.grade === 'outdated' ? c.yellow(t(`bundles:grade.${s.grade}`)) : c.green(t(`bundles:grade.${s.grade}`));
    const distrusted = s.distrustedPresent > 0 ? ` ${c.red(`[${t('bundles:grade.distrusted')}]`)}` : '';
    out.push(`${label}${distrusted}  ${shown(b.path)}\n    ${s.summary.map((m) => say(m)).join(' ')}`);
  }
  return out;
}

/** A path as a shell argument: plain when it is plain, else in single quotes (POSIX shells, PowerShell). */
function argument(path: string): string {
  return /^[\w@%+=:,./\\-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}

/** The one line a scan ends with. */
export function nextStepLine(next: NextStep, c: Colours): string {
  if (next.kind === 'nothing') return t('bundles:next.nothing');
  if (next.kind === 'nothing-urgent')
    return c.green(t('bundles:next.nothingUrgent', { count: next.stale, months: next.months }));
  if (next.kind === 'update-system') {
    const line = c.bold(t('bundles:next.updateSystem', { path: next.path, command: next.refreshedBy }));
    return next.more > 0 ? `${line} ${t('bundles:next.refreshMore', { more: next.more })}` : line;
  }
  const parts = [c.bold(t('bundles:next.refresh', { path: argument(next.path) }))];
  if (next.usedBy > 0) parts.push(t('bundles:next.refreshUsed', { users: next.usedBy }));
  if (next.more > 0) parts.push(t('bundles:next.refreshMore', { more: next.more }));
  return parts.join(' ');
}
