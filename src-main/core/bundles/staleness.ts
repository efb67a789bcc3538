// What "stale" means for the person who owns the bundle: which current roots it lacks and how long
// Mozilla has listed each, graded. A root Mozilla added in the last SETTLED_MONTHS months is not yet
// one any public site depends on alone (CAs keep serving chains cross-signed by their older roots
// until the new root is in every major store), so a bundle that lacks only such roots is "current
// enough"; one that lacks a root Mozilla has listed for longer is "outdated". Roots Mozilla distrusted
// that the bundle still holds are counted on their own: a concern whatever the grade.
// The rule and the figures behind it: docs/staleness.md. Pure: details in, a JSON-able record out.
import { msg, type Message } from '../messages.ts';
import { addedToMozilla, removedFromMozilla } from '../trust/rootHistory.ts';
import { compareText } from './textOrder.ts';
import type { BundleDetails, CertSummary } from './judge.ts';

export type StalenessGrade = 'outdated' | 'current-enough';

/** How long a root must have been in Mozilla's list before public sites may rely on it alone. */
export const SETTLED_MONTHS = 12;

/**
 * How a missing root weighs: 'settled', Mozilla has listed it for SETTLED_MONTHS or more (public sites
 * use roots that old: it makes the bundle outdated); 'new', added since; 'dropped', Mozilla has since
 * removed it (an older --reference still lists it); 'covered', the bundle holds another issue of it
 * (same subject and key); 'undated', the root history cannot date it (not a Mozilla root, or newer
 * than the history). Only 'settled' counts against the bundle.
 */
export type MissingStanding = 'settled' | 'new' | 'dropped' | 'covered' | 'undated';

export interface MissingRoot extends CertSummary {
  /** When Mozilla added it (YYYY-MM-DD); absent when the root history cannot date it. */
  addedToMozilla?: string;
  /** 'nss': the NSS release of that date added it; 'by': it was in Mozilla's list by that date. */
  addedPrecision?: 'nss' | 'by';
  /** "NSS 3.126", or the earliest dated copy that holds it ("certifi-2018.08.24"). */
  addedFrom?: string;
  /** Mozilla had dropped it by this date (YYYY-MM-DD), on or before the date of judgement. */
  removedFromMozilla?: string;
  /** Fingerprint of another issue of this root (same subject and key) the bundle holds. */
  coveredBy?: string;
  standing: MissingStanding;
}

export interface HeldProblem extends CertSummary {
  kind: 'expired' | 'distrusted';
  /** When it expired, or when Mozilla's distrust took effect (YYYY-MM-DD). */
  date: string;
  /** For a distrusted root: the key of the event in the translation tables. */
  event?: string;
}

export interface Staleness {
  grade: StalenessGrade;
  settledMonths: number;
  /** Roots Mozilla added before this date (YYYY-MM-DD) count as settled. */
  settledBefore: string;
  /** Every root of the reference it lacks, oldest addition first (undated ones last). */
  missing: MissingRoot[];
  /** Missing roots that are 'settled': these make it outdated. */
  settledMissing: number;
  /** Missing roots that are 'new': added to Mozilla's list in the last SETTLED_MONTHS months. */
  newMissing: number;
  oldestMissingAddedAt?: string;
  newestMissingAddedAt?: string;
  /** Roots it holds that have expired or that Mozilla distrusted. */
  expiredOrDistrusted: HeldProblem[];
  /** How many of those Mozilla distrusted: reason to refresh whatever the grade. */
  distrustedPresent: number;
  /** certifi's version, read as its release date, when the owner says so (YYYY-MM-DD). */
  bundleReleasedAt?: string;
  /** For people: the grade in a sentence, then what else counts (newer roots, distrusted ones held). */
  summary: Message[];
}

/** The date `months` whole months before `at`, as YYYY-MM-DD (the 31st falls back to the month's end). */
export function monthsBefore(at: Date, months: number): string {
  const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - months, 1));
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(at.getUTCDate(), lastDay));
  return d.toISOString().slice(0, 10);
}

export function gradeStaleness(
  details: Pick<BundleDetails, 'missing' | 'reissued' | 'expired' | 'distrusted'>,
  at: Date,
): Staleness {
  const settledBefore = monthsBefore(at, SETTLED_MONTHS);
  const today = at.toISOString().slice(0, 10);
  const covered = new Map(details.reissued.map((r) => [r.missing.fingerprint, r.present.fingerprint]));
  const missing: MissingRoot[] = details.missing.map((c) => {
    const added = addedToMozilla(c.fingerprint);
    const removed = removedFromMozilla(c.fingerprint);
    const dropped = removed && removed.date <= today ? removed.date : undefined;
    const coveredBy = covered.get(c.fingerprint);
    const standing: MissingStanding = dropped
      ? 'dropped'
      : coveredBy
        ? 'covered'
        : !added
          ? 'undated'
          : added.date < settledBefore
            ? 'settled'
            : 'new';
    return {
      ...c,
      ...(added ? { addedToMozilla: added.date, addedPrecision: added.precision, addedFrom: added.from } : {}),
      ...(dropped ? { removedFromMozilla: dropped } : {}),
      ...(coveredBy ? { coveredBy } : {}),
      standing,
    };
  });
  missing.sort((a, b) => byDate(a.addedToMozilla ?? '9999', b.addedToMozilla ?? '9999') || compareText(a.name, b.name));
  const dated = missing.filter((m) => m.addedToMozilla);
  const settled = missing.filter((m) => m.standing === 'settled');
  const fresh = missing.filter((m) => m.standing === 'new');

  const held = new Map<string, HeldProblem>();
  for (const d of details.distrusted)
    held.set(d.fingerprint, {
      fingerprint: d.fingerprint,
      name: d.name,
      notAfter: d.notAfter,
      kind: 'distrusted',
      date: d.date,
      event: d.event,
    });
  for (const e of details.expired)
    if (!held.has(e.fingerprint)) held.set(e.fingerprint, { ...e, kind: 'expired', date: e.notAfter.slice(0, 10) });
  const expiredOrDistrusted = [...held.values()].sort((a, b) => byDate(a.date, b.date) || compareText(a.name, b.name));

  const grade: StalenessGrade = settled.length > 0 ? 'outdated' : 'current-enough';
  const oldest = dated[0]?.addedToMozilla;
  const newest = dated.at(-1)?.addedToMozilla;
  const summary = summarize(grade, settled, fresh, missing.length - settled.length - fresh.length, details.distrusted);
  return {
    grade,
    settledMonths: SETTLED_MONTHS,
    settledBefore,
    missing,
    settledMissing: settled.length,
    newMissing: fresh.length,
    ...(oldest ? { oldestMissingAddedAt: oldest } : {}),
    ...(newest ? { newestMissingAddedAt: newest } : {}),
    expiredOrDistrusted,
    distrustedPresent: details.distrusted.length,
    summary,
  };
}

/** YYYY-MM-DD dates (or '9999') in order. Compared as plain strings: the digits and dashes sit at the
 * same places, so this is the order localeCompare gave, without a collator call per comparison. */
function byDate(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "2026-07", or "2018-08 – 2026-07": months, written the same in every language. */
function span(roots: MissingRoot[]): string {
  const a = roots[0]?.addedToMozilla?.slice(0, 7) ?? '?';
  const b = roots.at(-1)?.addedToMozilla?.slice(0, 7) ?? '?';
  return a === b ? a : `${a} – ${b}`;
}

function summarize(
  grade: StalenessGrade,
  settled: MissingRoot[],
  fresh: MissingRoot[],
  others: number,
  distrusted: readonly CertSummary[],
): Message[] {
  const months = SETTLED_MONTHS;
  const out: Message[] = [];
  if (grade === 'outdated') {
    out.push(msg('bundles:staleness.outdated', { count: settled.length, months, when: span(settled) }));
    if (fresh.length > 0) out.push(msg('bundles:staleness.alsoNew', { count: fresh.length, when: span(fresh) }));
  } else if (fresh.length > 0) {
    out.push(msg('bundles:staleness.currentEnough', { count: fresh.length, months, when: span(fresh) }));
  } else {
    out.push(msg('bundles:staleness.lacksNothingUsed'));
  }
  if (others > 0) out.push(msg('bundles:staleness.notCounted', { count: others }));
  if (distrusted.length > 0)
    out.push(msg('bundles:staleness.distrusted', { count: distrusted.length, name: distrusted[0]!.name }));
  return out;
}

/** certifi's version is its release date ("2026.05.20"); other owners' versions are not dates. */
export function releaseDateOf(owner: { kind: string; version?: string; certifiVersion?: string }): string | undefined {
  const v = owner.kind === 'certifi' ? owner.version : owner.kind === 'pip' ? owner.certifiVersion : undefined;
  const m = v?.match(/^(\d{4})\.(\d{1,2})\.(\d{1,2})$/);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : undefined;
}
