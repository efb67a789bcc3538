// Public roots that have appeared in Mozilla-derived bundles (assets/trust/mozilla-root-history.json,
// made by scripts/make-root-history.mjs from the published bundles in test/fixtures). A root in a
// bundle that is neither in the reference nor here is one somebody added: an `extra` a refresh keeps.
import history from '../../../assets/trust/mozilla-root-history.json' with { type: 'json' };

type Row = [fingerprint: string, name: string, lastSeenIn: string];

const rows = history as Row[];
const known = new Map<string, Row>(rows.map((row) => [row[0], row]));

export function isKnownPublicRoot(fingerprint: string): boolean {
  return known.has(fingerprint);
}

export function lastSeenIn(fingerprint: string): string | undefined {
  return known.get(fingerprint)?.[2];
}
