// Path building, done here rather than by a library: a small depth-first search from the leaf,
// over X509Certificate.checkIssued + verify, that tries every candidate issuer and backtracks
// (two issues of one root, cross-signs). Offline: the trust source is a set of fingerprints
// already parsed into the CertIndex, so checking one chain against ten bundles costs no network.
import type { CertIndex, IndexedCert } from '../certs/certIndex.ts';

export interface TrustSet {
  fingerprints: ReadonlySet<string>;
  /** Node's multi-line subject -> fingerprints with that subject. */
  bySubject: ReadonlyMap<string, string[]>;
}

export interface PathSearch {
  /** Complete paths, leaf first, each ending at a trusted certificate. */
  complete: string[][];
  /** The longest path that found no trusted end (leaf first). */
  longestPartial: string[];
}

const MAX_DEPTH = 10;
const MAX_PATHS = 16;

export function trustSet(index: CertIndex, fingerprints: Iterable<string>): TrustSet {
  const set = new Set(fingerprints);
  const bySubject = new Map<string, string[]>();
  for (const fp of set) {
    const cert = index.get(fp);
    if (!cert) continue;
    const list = bySubject.get(cert.x509.subject) ?? [];
    list.push(fp);
    bySubject.set(cert.x509.subject, list);
  }
  return { fingerprints: set, bySubject };
}

export function unionTrust(index: CertIndex, sets: TrustSet[]): TrustSet {
  return trustSet(
    index,
    sets.flatMap((s) => [...s.fingerprints]),
  );
}

const issuedCache = new Map<string, boolean>();

/** `child` names `parent` as issuer and `parent`'s key verifies `child`'s signature. */
export function issuedBy(child: IndexedCert, parent: IndexedCert): boolean {
  const key = `${child.record.fingerprint}>${parent.record.fingerprint}`;
  let yes = issuedCache.get(key);
  if (yes === undefined) {
    try {
      yes = child.x509.checkIssued(parent.x509) && child.x509.verify(parent.x509.publicKey);
    } catch {
      yes = false;
    }
    issuedCache.set(key, yes);
  }
  return yes;
}

/**
 * All paths from `leaf` to a trusted certificate, using `pool` (what the server sent, and what AIA
 * gave) as untrusted intermediates. A trusted certificate ends a path when it is self-issued, or at
 * once when `partialChain` (OpenSSL's X509_V_FLAG_PARTIAL_CHAIN, on in Python 3.13).
 */
export function searchPaths(
  index: CertIndex,
  leaf: string,
  pool: string[],
  trust: TrustSet,
  partialChain: boolean,
): PathSearch {
  const complete: string[][] = [];
  let longestPartial: string[] = [leaf];
  const visit = (path: string[]): void => {
    if (complete.length >= MAX_PATHS) return;
    const fp = path[path.length - 1]!;
    const cur = index.get(fp);
    if (!cur) return;
    const selfIssued = cur.x509.subject === cur.x509.issuer && issuedBy(cur, cur);
    if (trust.fingerprints.has(fp) && (selfIssued || partialChain)) {
      complete.push([...path]);
      return;
    }
    if (path.length > longestPartial.length) longestPartial = [...path];
    if (selfIssued || path.length >= MAX_DEPTH) return;
    // Trusted issuers first (OpenSSL's X509_V_FLAG_TRUSTED_FIRST, on by default), then the pool.
    const candidates = [
      ...(trust.bySubject.get(cur.x509.issuer) ?? []),
      ...pool.filter((p) => !trust.fingerprints.has(p)),
    ];
    for (const next of candidates) {
      if (path.includes(next)) continue;
      const parent = index.get(next);
      if (!parent || parent.x509.subject !== cur.x509.issuer || !issuedBy(cur, parent)) continue;
      visit([...path, next]);
    }
  };
  visit([leaf]);
  return { complete, longestPartial };
}

/** Certificates on the path outside their validity at `at`, leaf first. */
export function invalidAt(
  index: CertIndex,
  path: string[],
  at: Date,
): Array<{ fingerprint: string; depth: number; state: 'expired' | 'not-yet-valid' }> {
  const out: Array<{ fingerprint: string; depth: number; state: 'expired' | 'not-yet-valid' }> = [];
  path.forEach((fp, depth) => {
    const c = index.get(fp)!;
    if (c.x509.validToDate < at) out.push({ fingerprint: fp, depth, state: 'expired' });
    else if (c.x509.validFromDate > at) out.push({ fingerprint: fp, depth, state: 'not-yet-valid' });
  });
  return out;
}
