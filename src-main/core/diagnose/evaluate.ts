// Names the cause for one client and one trust source: the same order of checks OpenSSL makes
// (build the path; strict extension rules; host name; validity, from the root down), so the
// prediction reads like the error Python prints, and says more than it does.
import type { TrustContext } from '../context.ts';
import type { CertIndex } from '../certs/certIndex.ts';
import { shortName } from '../certs/record.ts';
import { msg, type Message } from '../messages.ts';
import { subjectKey } from '../trust/reference.ts';
import { invalidAt, searchPaths, type TrustSet } from './paths.ts';
import { stillFailsNote, strictFindings, violationNotes, type StrictOutcome } from './strictAdvice.ts';
import type { Cause } from './types.ts';
import { vendorOf } from './vendors.ts';

export interface ClientProfile {
  /** VERIFY_X509_STRICT in this client's context (Python 3.13+ default context, urllib3 >= 2.3 there). */
  strict: boolean;
  partialChain: boolean;
  /** 3.7+: OpenSSL checks the host during the handshake; 3.6 and older check it afterwards, in Python. */
  hostnameInOpenssl: boolean;
  hasSni: boolean;
  /** TLS 1.0 / 1.1 refused (OpenSSL 3's security level 1, or a TLS 1.2 minimum in the context). */
  refusesOldTls: boolean;
}

export const GENERIC_PROFILE: ClientProfile = {
  strict: false,
  partialChain: false,
  hostnameInOpenssl: true,
  hasSni: true,
  refusesOldTls: true,
};

export interface Evidence {
  host: string;
  /** What the server sent with SNI, leaf first (fingerprints in ctx.index). */
  chain: string[];
  /** What it sends without SNI, when an interpreter without SNI is checked. */
  noSniChain?: string[];
  /** Certificates fetched from AIA caIssuers URLs. */
  aia: string[];
  protocol: string;
  ctx: TrustContext;
  /** Reference plus OS store: where else a root could come from. */
  everywhere: TrustSet;
}

export interface Evaluation {
  cause: Cause;
  detail: Message;
  notes: Message[];
  path: string[];
  /** The root the source lacks, and where TrustFix found it. */
  missingRoot?: { fingerprint: string; from: 'os-store' | 'reference' | 'chain' | 'aia' };
  /** Intermediates from AIA that complete the path. */
  aiaNeeded?: string[];
  /** For expired-root: a valid issue of the same root (same subject and key), and where it is. */
  newerIssue?: { fingerprint: string; from: 'os-store' | 'reference' | 'chain' };
  vendor?: string;
  /** The missing root is a public root the OS installs only on demand and has not installed yet
   * (Windows): importing that one root, or refreshing the store, fixes a client reading the store. */
  lazyRoot?: boolean;
  /** Certificates from a file the user has (their private root, perhaps its intermediate) that
   * complete the path (rootFile.ts): proposed like a root the server sends, after confirmation. */
  fromFile?: string[];
  /** Python 3.13+'s strict rule on the path this client uses, or would use once the missing root
   * (or intermediate) is trusted: each broken rule, its certificate and who must act. */
  strict?: StrictOutcome;
}

const OLD_TLS = new Set(['TLSv1', 'TLSv1.1', 'SSLv3']);

export function evaluate(ev: Evidence, trust: TrustSet, profile: ClientProfile): Evaluation {
  if (OLD_TLS.has(ev.protocol) && profile.refusesOldTls) {
    return {
      cause: 'tls-version',
      detail: msg('check:detail.tls-version', { protocol: ev.protocol }),
      notes: [],
      path: [],
    };
  }
  if (!profile.hasSni && ev.noSniChain && ev.noSniChain[0] !== ev.chain[0]) {
    const without = judge({ ...ev, chain: ev.noSniChain }, trust, profile);
    if (without.cause === 'hostname-mismatch' && certCovers(ev.ctx.index, ev.chain[0]!, ev.host)) {
      return {
        ...without,
        cause: 'no-sni',
        detail: msg('check:detail.no-sni', { host: ev.host, names: sans(ev.ctx.index, ev.noSniChain[0]!) }),
      };
    }
    return without;
  }
  return judge(ev, trust, profile);
}

/** A cause that trusting something fixes: is the strict rule still broken on the path it makes? */
const TRUST_FIXES = new Set<Cause>(['missing-root', 'intercepted', 'incomplete-chain', 'untrusted-root']);

function judge(ev: Evidence, trust: TrustSet, profile: ClientProfile): Evaluation {
  const { index } = ev.ctx;
  const leaf = ev.chain[0]!;
  const pool = ev.chain.slice(1);
  const found = searchPaths(index, leaf, pool, trust, profile.partialChain);
  if (found.complete.length === 0) return noPath(ev, trust, profile, found.longestPartial);

  // Prefer a path on which every certificate is valid now (OpenSSL prefers a time-valid issuer).
  const scored = found.complete.map((p) => ({ path: p, invalid: invalidAt(index, p, ev.ctx.at) }));
  scored.sort((a, b) => a.invalid.length - b.invalid.length || a.path.length - b.path.length);
  const best = scored[0]!;
  const path = best.path;
  const notes: Message[] = [];
  const name = (fp: string): string => index.record(fp).name;

  if (profile.strict) {
    const violations = strictFindings(index, path);
    if (violations.length > 0) {
      const strict = { afterTrust: false, violations };
      const first = violations[0]!;
      notes.push(...violationNotes(strict));
      const detail = msg('check:detail.x509-strict', {
        role: first.role,
        name: first.name,
        fingerprint: first.fingerprint,
        rule: first.openssl,
      });
      return { cause: 'x509-strict', detail, notes, path, strict, ...(first.vendor ? { vendor: first.vendor } : {}) };
    }
  }
  if (profile.hostnameInOpenssl && !certCovers(index, leaf, ev.host)) return mismatch(ev, path);
  // OpenSSL checks validity from the top of the chain down to the leaf.
  const invalid = [...best.invalid].sort((a, b) => b.depth - a.depth);
  const first = invalid[0];
  if (first) {
    const skew = clockSkew(ev.ctx);
    if (skew) notes.push(skew);
    const r = index.record(first.fingerprint);
    if (first.state === 'not-yet-valid') {
      return {
        cause: 'not-yet-valid',
        detail: msg('check:detail.not-yet-valid', { name: r.name, date: r.notBefore }),
        notes,
        path,
      };
    }
    if (first.depth === 0)
      return {
        cause: 'leaf-expired',
        detail: msg('check:detail.leaf-expired', { name: r.name, date: r.notAfter }),
        notes,
        path,
      };
    const newer = newerIssueOf(ev, first.fingerprint);
    return {
      cause: 'expired-root',
      detail: msg(newer ? 'check:detail.expired-root-newer' : 'check:detail.expired-root', {
        name: r.name,
        date: r.notAfter,
      }),
      notes,
      path,
      ...(newer ? { newerIssue: newer } : {}),
    };
  }
  if (!profile.hostnameInOpenssl && !certCovers(index, leaf, ev.host)) return mismatch(ev, path);
  return { cause: 'ok', detail: msg('check:detail.ok', { root: name(path[path.length - 1]!) }), notes, path };
}

/**
 * Without a trusted path, the cause names what to trust. Under the strict rule (Python 3.13+), the
 * path that trust would make is checked now, so the prediction does not stop one step short: "will
 * still fail after trusting the root", and why.
 */
function noPath(ev: Evidence, trust: TrustSet, profile: ClientProfile, partial: string[]): Evaluation {
  const found = untrusted(ev, trust, profile, partial);
  const adds = found.missingRoot !== undefined || (found.aiaNeeded?.length ?? 0) > 0;
  if (!profile.strict || !adds || !TRUST_FIXES.has(found.cause) || found.path.length < 2) return found;
  const violations = strictFindings(ev.ctx.index, found.path);
  if (violations.length === 0) return found;
  const strict = { afterTrust: true, violations };
  const root = ev.ctx.index.record(found.path[found.path.length - 1]!).name;
  return { ...found, strict, notes: [stillFailsNote(strict, root), ...violationNotes(strict), ...found.notes] };
}

function untrusted(ev: Evidence, trust: TrustSet, profile: ClientProfile, partial: string[]): Evaluation {
  const { index } = ev.ctx;
  const leaf = index.get(ev.chain[0]!)!;
  const leafSelfSigned =
    ev.chain.length === 1 && leaf.x509.subject === leaf.x509.issuer && leaf.x509.verify(leaf.x509.publicKey);
  if (leafSelfSigned) {
    return {
      cause: 'self-signed',
      detail: msg('check:detail.self-signed', { name: leaf.record.name, fingerprint: leaf.record.fingerprint }),
      notes: [],
      path: [ev.chain[0]!],
    };
  }
  const vendor = vendorOf(...partial.flatMap((fp) => [index.record(fp).subject, index.record(fp).issuer]));
  // With what AIA gave, does a path reach this source? Then the server simply left it out.
  const pool = [...ev.chain.slice(1), ...ev.aia];
  const withAia = searchPaths(index, ev.chain[0]!, pool, trust, profile.partialChain);
  if (ev.aia.length > 0 && withAia.complete.length > 0) {
    const path = withAia.complete[0]!;
    // A root this source already trusts is not needed, even when AIA also served it.
    const aiaNeeded = path.filter((fp) => ev.aia.includes(fp) && !trust.fingerprints.has(fp));
    return {
      cause: 'incomplete-chain',
      detail: msg('check:detail.incomplete-chain', { names: aiaNeeded.map((fp) => index.record(fp).name).join(', ') }),
      notes: [],
      path,
      aiaNeeded,
    };
  }
  // Can a path be built anywhere (reference or OS store)? Then this source lacks its root.
  const elsewhere = searchPaths(index, ev.chain[0]!, pool, ev.everywhere, false);
  const top = partial[partial.length - 1]!;
  const topRec = index.record(top);
  if (elsewhere.complete.length > 0) {
    const path = elsewhere.complete[0]!;
    const root = path[path.length - 1]!;
    const rootRec = index.record(root);
    const inOs = ev.ctx.osStore.fingerprints.has(root);
    const aiaNeeded = path.filter((fp) => ev.aia.includes(fp) && !ev.chain.includes(fp));
    const v = vendorOf(rootRec.subject, ...path.map((fp) => index.record(fp).issuer));
    const from = ev.ctx.reference.fingerprints.has(root) ? 'reference' : 'os-store';
    const notes =
      aiaNeeded.length > 0
        ? [msg('check:note.aiaAlsoNeeded', { names: aiaNeeded.map((fp) => index.record(fp).name).join(', ') })]
        : [];
    if (inOs && v) {
      return {
        cause: 'intercepted',
        detail: msg('check:detail.intercepted', { vendor: v, root: rootRec.name }),
        notes,
        path,
        missingRoot: { fingerprint: root, from: 'os-store' },
        vendor: v,
        ...(aiaNeeded.length ? { aiaNeeded } : {}),
      };
    }
    return {
      cause: aiaNeeded.length > 0 ? 'incomplete-chain' : 'missing-root',
      detail:
        aiaNeeded.length > 0
          ? msg('check:detail.incomplete-chain-andRoot', {
              names: aiaNeeded.map((fp) => index.record(fp).name).join(', '),
              root: rootRec.name,
            })
          : msg(`check:detail.missing-root-${inOs && !ev.ctx.reference.fingerprints.has(root) ? 'os' : 'reference'}`, {
              root: rootRec.name,
            }),
      notes,
      path,
      missingRoot: { fingerprint: root, from: inOs && from !== 'reference' ? 'os-store' : 'reference' },
      ...(aiaNeeded.length ? { aiaNeeded } : {}),
    };
  }
  // The AIA addresses led up to a self-issued root trusted nowhere (a private CA whose server leaves
  // out its intermediate): the intermediates and that root complete the path; the root, like one
  // the server sends, is trusted only after its fingerprint is confirmed.
  const viaAia = withAia.longestPartial;
  const aiaRoot = viaAia[viaAia.length - 1]!;
  if (
    viaAia.length > 1 &&
    ev.aia.includes(aiaRoot) &&
    !ev.chain.includes(aiaRoot) &&
    index.record(aiaRoot).selfIssued
  ) {
    const aiaNeeded = viaAia.filter((fp) => fp !== aiaRoot && ev.aia.includes(fp));
    return {
      cause: 'incomplete-chain',
      detail: msg('check:detail.incomplete-chain-andRoot', {
        names: aiaNeeded.map((fp) => index.record(fp).name).join(', '),
        root: index.record(aiaRoot).name,
      }),
      notes: [],
      path: viaAia,
      missingRoot: { fingerprint: aiaRoot, from: 'aia' },
      ...(aiaNeeded.length ? { aiaNeeded } : {}),
    };
  }
  // Trusted nowhere. If the server sent a self-signed root, it can be trusted after confirmation.
  const sentRoot = topRec.selfIssued && ev.chain.includes(top) ? top : undefined;
  const notes = vendor ? [msg('check:note.vendorNotInStore', { vendor })] : [];
  if (topRec.caIssuers.length > 0 && !topRec.selfIssued)
    notes.push(msg('check:note.aiaFailed', { name: topRec.name, url: topRec.caIssuers[0]! }));
  // A server that sends only its own certificate: its issuer is an intermediate, not the root, and
  // a client needs both (or the server its chain). Said so, instead of calling the issuer a root.
  if (ev.chain.length === 1 && partial.length === 1) {
    return {
      cause: 'untrusted-root',
      detail: msg('check:detail.untrusted-root-leafOnly', { name: topRec.name, issuer: shortName(leaf.x509.issuer) }),
      notes,
      path: partial,
      ...(vendor ? { vendor } : {}),
    };
  }
  return {
    cause: 'untrusted-root',
    detail: msg(sentRoot ? 'check:detail.untrusted-root-sent' : 'check:detail.untrusted-root', {
      root: sentRoot ? topRec.name : topRec.issuer,
    }),
    notes,
    path: partial,
    ...(sentRoot ? { missingRoot: { fingerprint: sentRoot, from: 'chain' as const } } : {}),
    ...(vendor ? { vendor } : {}),
  };
}

function mismatch(ev: Evidence, path: string[]): Evaluation {
  return {
    cause: 'hostname-mismatch',
    detail: msg('check:detail.hostname-mismatch', { host: ev.host, names: sans(ev.ctx.index, ev.chain[0]!) }),
    notes: [],
    path,
  };
}

function sans(index: CertIndex, fp: string): string {
  const r = index.record(fp);
  return r.subjectAltNames.length > 0 ? r.subjectAltNames.join(', ') : `CN=${r.name}`;
}

export function certCovers(index: CertIndex, fp: string, host: string): boolean {
  const x = index.get(fp)!.x509;
  const ip = /^[\d.]+$/.test(host) || host.includes(':');
  // Python (3.7+) asks OpenSSL to match SANs only; the subject CN is not consulted when SANs exist.
  return ip ? x.checkIP(host) !== undefined : x.checkHost(host, { subject: 'default' }) !== undefined;
}

/** A valid issue of the same root (same subject and key) elsewhere: in the chain, reference or OS store. */
function newerIssueOf(ev: Evidence, expired: string): Evaluation['newerIssue'] {
  const { index, at, reference, osStore } = ev.ctx;
  const rec = index.record(expired);
  const sameKey = (fp: string): boolean => {
    const r = index.record(fp);
    return (
      fp !== expired &&
      r.subject === rec.subject &&
      r.spkiFingerprint === rec.spkiFingerprint &&
      new Date(r.notAfter) > at &&
      new Date(r.notBefore) <= at
    );
  };
  const inChain = ev.chain.find(sameKey);
  if (inChain) return { fingerprint: inChain, from: 'chain' };
  const ref = reference.bySubjectKey.get(subjectKey(rec.subject, rec.spkiFingerprint));
  if (ref && sameKey(ref)) return { fingerprint: ref, from: 'reference' };
  for (const fp of osStore.fingerprints) if (sameKey(fp)) return { fingerprint: fp, from: 'os-store' };
  return undefined;
}

/** The local clock is the odd one out when it is earlier than roots this runtime already ships. */
function clockSkew(ctx: TrustContext): Message | undefined {
  const newest = new Date(ctx.reference.info.newestRoot);
  return ctx.at < newest
    ? msg('check:note.clockSkew', { now: ctx.at.toISOString(), newest: ctx.reference.info.newestRoot.slice(0, 10) })
    : undefined;
}
