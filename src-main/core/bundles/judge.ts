// The verdict on one bundle against the reference: what it holds, what it lacks, what is expired or
// distrusted, what somebody added. Pure: parsed data in, a JSON-able record out. A crowded machine
// holds thousands of copies of a few bundles, so the record is made once per distinct content and
// shared (frozen) by every copy, and one certificate's summary is one object in every list: a scan's
// memory grows by a path and a few numbers per copy, not by a copy's lists of missing roots.
import type { CertIndex } from '../certs/certIndex.ts';
import type { ParsedBundle } from '../certs/readBundle.ts';
import type { SkipReason } from '../certs/pem.ts';
import { msg, type Message } from '../messages.ts';
import { distrustAt } from '../trust/distrust.ts';
import { subjectKey, type Reference } from '../trust/reference.ts';
import { isKnownPublicRoot } from '../trust/rootHistory.ts';
import { gradeStaleness, type Staleness } from './staleness.ts';

export type BundleStatus = 'current' | 'stale' | 'broken' | 'not-a-bundle';

export interface CertSummary {
  fingerprint: string;
  name: string;
  notAfter: string;
}

export interface BundleDetails {
  expired: CertSummary[];
  missing: CertSummary[];
  /** A reference root missing by fingerprint, but present as another issue (same subject and key). */
  reissued: Array<{ missing: CertSummary; present: CertSummary }>;
  distrusted: Array<CertSummary & { date: string; event: string; source: string }>;
  /** Public roots that Mozilla has since dropped: a refresh need not keep them. */
  removed: CertSummary[];
  /** In neither the reference nor any Mozilla list: added on purpose (private, corporate). */
  extra: CertSummary[];
  skipped: Partial<Record<SkipReason, number>>;
  duplicates: number;
}

export interface BundleJudgement {
  status: BundleStatus;
  /** Why, in one message: the headline for this status. */
  reason: Message;
  certificates: number;
  expired: number;
  missing: number;
  distrusted: number;
  extra: number;
  removed: number;
  /** Certificates not in the reference at all (expired, removed, distrusted or extra). */
  notInReference: number;
  details: BundleDetails;
  /** For a stale bundle: what it lacks, how old that is, and the grade (staleness.ts). */
  staleness?: Staleness;
}

/** Fewer certificates than this, none of them a public root: a file, not a trust list. */
const MIN_TRUST_LIST = 3;

const summaries = new WeakMap<CertIndex, Map<string, CertSummary>>();

export function summary(index: CertIndex, fingerprint: string): CertSummary {
  let known = summaries.get(index);
  if (!known) summaries.set(index, (known = new Map()));
  let s = known.get(fingerprint);
  if (!s) {
    const r = index.brief(fingerprint);
    known.set(fingerprint, (s = Object.freeze({ fingerprint, name: r.name, notAfter: r.notAfter })));
  }
  return s;
}

/** The judgement of each parsed bundle (the reader hands out one ParsedBundle per distinct content). */
const judged = new WeakMap<
  ParsedBundle,
  { index: CertIndex; reference: Reference; at: number; judgement: BundleJudgement }
>();

export function judgeBundle(parsed: ParsedBundle, index: CertIndex, reference: Reference, at: Date): BundleJudgement {
  const known = judged.get(parsed);
  if (known && known.index === index && known.reference === reference && known.at === at.getTime())
    return known.judgement;
  const judgement = deepFreeze(judgeOnce(parsed, index, reference, at));
  judged.set(parsed, { index, reference, at: at.getTime(), judgement });
  return judgement;
}

/** Shared by every copy: a change to one copy's lists would show in all of them, so none is allowed. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function judgeOnce(parsed: ParsedBundle, index: CertIndex, reference: Reference, at: Date): BundleJudgement {
  const fps = parsed.fingerprints;
  const details: BundleDetails = {
    expired: [],
    missing: [],
    reissued: [],
    distrusted: [],
    removed: [],
    extra: [],
    skipped: { ...parsed.skipped },
    duplicates: parsed.duplicates,
  };
  const atIso = at.toISOString();
  const present = new Set(fps);
  const presentBySubjectKey = new Map<string, string>();
  let notInReference = 0;
  let cas = 0;
  let publicRoots = 0;

  for (const fp of fps) {
    const r = index.brief(fp);
    if (r.isCA) cas++;
    presentBySubjectKey.set(subjectKey(r.subject, r.spkiFingerprint), fp);
    const inReference = reference.fingerprints.has(fp);
    if (inReference || isKnownPublicRoot(fp)) publicRoots++;
    if (r.notAfter < atIso) details.expired.push(summary(index, fp));
    const event = distrustAt(fp, at);
    if (event?.kind === 'distrusted')
      details.distrusted.push({ ...summary(index, fp), date: event.date, event: event.event, source: event.source });
    if (inReference) continue;
    notInReference++;
    if (event) continue;
    if (isKnownPublicRoot(fp)) details.removed.push(summary(index, fp));
    else details.extra.push(summary(index, fp));
  }

  for (const fp of reference.fingerprints) {
    if (present.has(fp)) continue;
    const missing = summary(index, fp);
    details.missing.push(missing);
    const r = index.brief(fp);
    const other = presentBySubjectKey.get(subjectKey(r.subject, r.spkiFingerprint));
    if (other) details.reissued.push({ missing, present: summary(index, other) });
  }

  const counts = {
    certificates: fps.length,
    expired: details.expired.length,
    missing: details.missing.length,
    distrusted: details.distrusted.length,
    extra: details.extra.length,
    removed: details.removed.length,
    notInReference,
  };
  const { status, reason } = decide(parsed, counts, cas, publicRoots);
  return {
    status,
    reason,
    ...counts,
    details,
    ...(status === 'stale' ? { staleness: gradeStaleness(details, at) } : {}),
  };
}

function decide(
  parsed: ParsedBundle,
  c: { certificates: number; expired: number; missing: number; distrusted: number },
  cas: number,
  publicRoots: number,
): { status: BundleStatus; reason: Message } {
  if (c.certificates === 0) {
    const skipped = Object.values(parsed.skipped).reduce((a, b) => a + (b ?? 0), 0);
    if (parsed.format === 'empty') return { status: 'broken', reason: msg('bundles:verdict.empty') };
    if (parsed.format === 'binary') return { status: 'broken', reason: msg('bundles:verdict.binary') };
    if (skipped > 0) return { status: 'broken', reason: msg('bundles:verdict.noValidCertificates', { skipped }) };
    return { status: 'broken', reason: msg('bundles:verdict.noCertificates') };
  }
  if (cas === 0) return { status: 'not-a-bundle', reason: msg('bundles:verdict.noCa', { count: c.certificates }) };
  if (c.certificates < MIN_TRUST_LIST && publicRoots === 0)
    return { status: 'not-a-bundle', reason: msg('bundles:verdict.tooFew', { count: c.certificates }) };
  if (c.missing > 0 || c.expired > 0 || c.distrusted > 0)
    return {
      status: 'stale',
      reason: msg('bundles:verdict.stale', { missing: c.missing, expired: c.expired, distrusted: c.distrusted }),
    };
  return { status: 'current', reason: msg('bundles:verdict.current') };
}
