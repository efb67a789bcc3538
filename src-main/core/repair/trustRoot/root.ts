// ROOT, as `trustfix trust ROOT` and the app name it: a PEM/DER file, or the SHA-256 of a certificate
// in the OS store (8 or more hex digits, as `append --from-os-store`), or of one a previous `check`
// saw (all 64 digits: typing the whole fingerprint back is the confirmation a certificate from the
// network needs). It must be a CA certificate. Whether the OS store already holds it decides which
// routes a client can take (the OS store where the client can use it; a file of its own elsewhere).
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { derToPem } from '../../certs/certIndex.ts';
import { splitBundle } from '../../certs/pem.ts';
import { sha256Hex } from '../../certs/record.ts';
import type { TrustContext } from '../../context.ts';
import { findSeen } from '../../diagnose/seenCerts.ts';
import { msg, Problem } from '../../messages.ts';
import { checkCa } from '../planBundle.ts';
import { checkPathSyntax, readRegularOrRefuse } from '../pathGuard.ts';

export interface TrustRoot {
  der: Buffer;
  pem: string;
  fingerprint: string;
  /** Upper-case SHA-1, as Windows and macOS stores name a certificate. */
  sha1: string;
  name: string;
  subject: string;
  notAfter: string;
  inOsStore: boolean;
  /** Where it came from: a file the user named, the OS store, or a check's chain. */
  from: 'file' | 'os-store' | 'check';
  source: string;
}

const refuse = (code: string, params?: Record<string, string | number>): never => {
  throw new Problem(msg(`trust:refused.${code}`, params));
};

const looksLikeFingerprint = (arg: string): boolean =>
  /^[0-9a-f:\s]{8,}$/i.test(arg) && arg.replace(/[^0-9a-f]/gi, '').length >= 8;

export function rootOf(ctx: TrustContext, der: Buffer, from: TrustRoot['from'], source: string): TrustRoot {
  const x509: X509Certificate = checkCa(der, source);
  const fingerprint = sha256Hex(der);
  ctx.index.add(der);
  const record = ctx.index.record(fingerprint);
  return {
    der,
    pem: derToPem(der),
    fingerprint,
    sha1: createHash('sha1').update(der).digest('hex').toUpperCase(),
    name: record.name,
    subject: x509.subject.replace(/\n/g, ', '),
    notAfter: new Date(x509.validTo).toISOString(),
    inOsStore: ctx.osStore.fingerprints.has(fingerprint),
    from,
    source,
  };
}

/** `arg` as typed: an absolute or relative file path, or a fingerprint. */
export async function resolveRoot(ctx: TrustContext, dataDir: string, arg: string, cwd: string): Promise<TrustRoot> {
  const asPath = arg.startsWith('/') || /^[A-Za-z]:[\\/]/.test(arg) ? arg : `${cwd}/${arg}`;
  if (!looksLikeFingerprint(arg) || existsSync(asPath)) {
    checkPathSyntax(asPath);
    const ders = splitBundle(await readRegularOrRefuse(asPath)).ders;
    if (ders.length === 0) refuse('noCertificate', { path: arg });
    // A file with a chain: the one CA that signed itself is the root; otherwise exactly one CA.
    const cas = ders.filter((d) => safeX509(d)?.ca);
    const roots = cas.filter((d) => selfSigned(d));
    const pick = roots.length === 1 ? roots[0] : cas.length === 1 ? cas[0] : ders.length === 1 ? ders[0] : undefined;
    if (!pick) refuse('severalCertificates', { path: arg, count: ders.length });
    return rootOf(ctx, pick!, 'file', asPath);
  }
  const hex = arg.toLowerCase().replace(/[^0-9a-f]/g, '');
  const inStore = [...ctx.osStore.fingerprints].filter((fp) => fp.startsWith(hex));
  if (inStore.length > 1) refuse('ambiguous', { fingerprint: arg });
  if (inStore.length === 1) return rootOf(ctx, ctx.index.get(inStore[0]!)!.der, 'os-store', 'os-store');
  const seen = await findSeen(dataDir, hex);
  if (seen) return rootOf(ctx, seen, 'check', 'check');
  return refuse(hex.length === 64 ? 'unknownFingerprint' : 'shortFingerprint', { fingerprint: arg });
}

function safeX509(der: Buffer): X509Certificate | null {
  try {
    return new X509Certificate(der);
  } catch {
    return null;
  }
}

function selfSigned(der: Buffer): boolean {
  const x = safeX509(der);
  return !!x && x.ca && x.subject === x.issuer && x.checkIssued(x);
}
