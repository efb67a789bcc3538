// Python 3.13's strict rule (VERIFY_X509_STRICT), said so people can act on it: which certificate on
// the path breaks which rule (leaf, intermediate or root; name and fingerprint), and who must change
// it. A TLS-inspecting proxy mints every leaf itself, so a leaf without an Authority Key Identifier is
// the proxy's to fix (update it or change its settings), not a reason to re-issue its root; a root's
// flaw is its owner's; on a real server's chain, the server's owner asks its CA for a certificate
// that follows RFC 5280. Nothing here ever relaxes the rule.
import type { CertIndex } from '../certs/certIndex.ts';
import { msg, type Message } from '../messages.ts';
import { strictViolations, type StrictRule } from './strict.ts';
import { vendorOf } from './vendors.ts';

export type StrictRole = 'leaf' | 'intermediate' | 'root';
/** Who must change the certificate: the proxy that mints it, the root's owner, the server's owner. */
export type StrictActor = 'proxy' | 'root-owner' | 'server-owner';

export interface StrictFinding {
  rule: StrictRule;
  /** OpenSSL's words, as Python prints them. */
  openssl: string;
  role: StrictRole;
  actor: StrictActor;
  fingerprint: string;
  name: string;
  subject: string;
  /** The TLS-inspection product named on the path, when one is. */
  vendor?: string;
}

export interface StrictOutcome {
  /** true: the client does not trust the path yet; once the root is trusted the rule still refuses it. */
  afterTrust: boolean;
  violations: StrictFinding[];
}

/**
 * The strict rule's findings on a path (leaf first, anchor last). The proxy is recognised by the
 * product its certificates name (vendors.ts): an unnamed private CA is treated as a server's own.
 */
export function strictFindings(index: CertIndex, path: string[]): StrictFinding[] {
  const violations = strictViolations(path.map((fp) => ({ fingerprint: fp, der: index.get(fp)!.der })));
  if (violations.length === 0) return [];
  const records = path.map((fp) => index.record(fp));
  const vendor = vendorOf(...records.flatMap((r) => [r.subject, r.issuer]));
  return violations.map((v) => {
    const r = index.record(v.fingerprint);
    const role: StrictRole =
      v.depth === 0 ? 'leaf' : v.depth === path.length - 1 && r.selfIssued ? 'root' : 'intermediate';
    const actor: StrictActor = role === 'root' ? 'root-owner' : vendor ? 'proxy' : 'server-owner';
    return {
      rule: v.rule,
      openssl: v.openssl,
      role,
      actor,
      fingerprint: v.fingerprint,
      name: r.name,
      subject: r.subject,
      ...(vendor ? { vendor } : {}),
    };
  });
}

/** One note per broken rule: the certificate (role, name, fingerprint) and OpenSSL's words. */
export function violationNotes(outcome: StrictOutcome): Message[] {
  return outcome.violations.map((v) =>
    msg(`check:strict.${v.rule}`, { role: v.role, name: v.name, fingerprint: v.fingerprint, openssl: v.openssl }),
  );
}

/** Before any change: trusting `root` is needed, and not enough on this Python. */
export function stillFailsNote(outcome: StrictOutcome, root: string): Message {
  const first = outcome.violations[0]!;
  return msg('check:note.stillFailsAfterTrust', {
    role: first.role,
    name: first.name,
    fingerprint: first.fingerprint,
    openssl: first.openssl,
    root,
  });
}

/** What to tell whom: one message per certificate, to the one who must change it. */
export function whoMustAct(outcome: StrictOutcome): Message[] {
  const byCert = new Map<string, StrictFinding[]>();
  for (const v of outcome.violations) byCert.set(v.fingerprint, [...(byCert.get(v.fingerprint) ?? []), v]);
  return [...byCert.values()].map((all) => {
    const v = all[0]!;
    const params = {
      role: v.role,
      name: v.name,
      fingerprint: v.fingerprint,
      openssl: all.map((x) => x.openssl).join('; '),
    };
    if (v.actor === 'proxy') return msg('check:repair.strict.proxy', { ...params, vendor: v.vendor ?? '' });
    if (v.actor === 'root-owner')
      return v.vendor
        ? msg('check:repair.strict.rootOwnerVendor', { ...params, vendor: v.vendor })
        : msg('check:repair.strict.rootOwner', params);
    return msg('check:repair.strict.serverOwner', params);
  });
}
