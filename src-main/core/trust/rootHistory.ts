// Public roots that have appeared in Mozilla-derived bundles (assets/trust/mozilla-root-history.json,
// made by scripts/make-root-history.mjs from the published bundles in test/fixtures). A root in a
// bundle that is neither in the reference nor here is one somebody added: an `extra` a refresh keeps.
// The history also says when each root entered Mozilla's list, so a missing root has an age.
import history from '../../../assets/trust/mozilla-root-history.json' with { type: 'json' };

type Row = [
  fingerprint: string,
  name: string,
  lastSeenIn: string,
  addedAt: string | null,
  addedFrom: string | null,
  removedAt: string | null,
  removedFrom: string | null,
];

/** When a root entered Mozilla's list. */
export interface RootAdded {
  /** YYYY-MM-DD. */
  date: string;
  /**
   * 'nss': the NSS release that added it (`from`, e.g. "NSS 3.126") came out on `date`.
   * 'by': the earliest dated copy here that holds it (`from`, e.g. "certifi-2018.08.24") was made on
   * `date`: the root was in Mozilla's list by then, perhaps years before.
   */
  precision: 'nss' | 'by';
  from: string;
}

let byFingerprint: Map<string, Row> | undefined;
/** The rows by fingerprint, made on first use: nothing is built while the CLI loads. */
function known(): Map<string, Row> {
  return (byFingerprint ??= new Map<string, Row>((history as Row[]).map((row) => [row[0], row])));
}

export function isKnownPublicRoot(fingerprint: string): boolean {
  return known().has(fingerprint);
}

export function lastSeenIn(fingerprint: string): string | undefined {
  return known().get(fingerprint)?.[2];
}

/** When Mozilla added this root, or undefined for a root the history cannot date (or does not know). */
export function addedToMozilla(fingerprint: string): RootAdded | undefined {
  const row = known().get(fingerprint);
  if (!row?.[3] || !row[4]) return undefined;
  return { date: row[3], precision: row[4].startsWith('NSS ') ? 'nss' : 'by', from: row[4] };
}

/** When Mozilla dropped this root (by that date at the latest), or undefined while it is listed or unknown. */
export function removedFromMozilla(fingerprint: string): { date: string; from: string } | undefined {
  const row = known().get(fingerprint);
  return row?.[5] && row[6] ? { date: row[5], from: row[6] } : undefined;
}
