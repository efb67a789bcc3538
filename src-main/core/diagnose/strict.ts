// The strict RFC 5280 rules OpenSSL applies under X509_V_FLAG_X509_STRICT, which Python 3.13's
// ssl.create_default_context() turns on (VERIFY_X509_STRICT). Same rules, same order, and the same
// words OpenSSL prints (x509_txt.c), so the finding reads like the error the user has in front of
// them. Many TLS-inspecting proxies make their roots in ways these rules refuse.
import 'reflect-metadata';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate as PeculiarCert,
} from '@peculiar/x509';

export type StrictRule =
  | 'pathlen-non-ca'
  | 'ca-basic-constraints-not-critical'
  | 'ca-missing-key-usage'
  | 'key-cert-sign-non-ca'
  | 'issuer-name-empty'
  | 'subject-name-empty'
  | 'empty-subject-san-not-critical'
  | 'empty-subject-alt-name'
  | 'aki-critical'
  | 'ski-critical'
  | 'missing-aki'
  | 'missing-ski'
  | 'extensions-require-v3';

/** OpenSSL's own text for each rule (what Python 3.13 shows after "certificate verify failed: "). */
export const OPENSSL_TEXT: Record<StrictRule, string> = {
  'pathlen-non-ca': 'Path length invalid for non-CA cert',
  'ca-basic-constraints-not-critical': 'Basic Constraints of CA cert not marked critical',
  'ca-missing-key-usage': 'CA cert does not include key usage extension',
  'key-cert-sign-non-ca': 'Key usage keyCertSign invalid for non-CA cert',
  'issuer-name-empty': 'Issuer name empty',
  'subject-name-empty': 'Subject name empty',
  'empty-subject-san-not-critical': 'Subject empty and Subject Alt Name extension not critical',
  'empty-subject-alt-name': 'Empty Subject Alternative Name extension',
  'aki-critical': 'Authority Key Identifier marked critical',
  'ski-critical': 'Subject Key Identifier marked critical',
  'missing-aki': 'Missing Authority Key Identifier',
  'missing-ski': 'Missing Subject Key Identifier',
  'extensions-require-v3': 'Extensions require version 3',
};

export interface StrictViolation {
  rule: StrictRule;
  fingerprint: string;
  /** Position on the path, 0 = leaf. */
  depth: number;
  openssl: string;
}

const parsed = new Map<string, PeculiarCert>();

function peculiar(fingerprint: string, der: Buffer): PeculiarCert {
  let cert = parsed.get(fingerprint);
  if (!cert) {
    cert = new PeculiarCert(new Uint8Array(der));
    parsed.set(fingerprint, cert);
  }
  return cert;
}

/** X.509 version from the DER (tbsCertificate starts with [0] EXPLICIT version when v2/v3). */
function versionOf(der: Buffer): number {
  let at = 0;
  const skipHeader = (): void => {
    const first = der[at + 1]!;
    at += 2 + (first >= 0x80 ? first & 0x7f : 0);
  };
  skipHeader(); // Certificate SEQUENCE
  skipHeader(); // tbsCertificate SEQUENCE
  if (der[at] !== 0xa0) return 1;
  return (der[at + 4] ?? 0) + 1; // a0 03 02 01 vv
}

/**
 * Violations on a path (leaf first, anchor last), in OpenSSL's order: first by depth, then rule.
 * OpenSSL runs these only for chains longer than one certificate.
 */
export function strictViolations(path: Array<{ fingerprint: string; der: Buffer }>): StrictViolation[] {
  const out: StrictViolation[] = [];
  if (path.length < 2) return out;
  path.forEach(({ fingerprint, der }, depth) => {
    const cert = peculiar(fingerprint, der);
    const add = (rule: StrictRule): void => {
      out.push({ rule, fingerprint, depth, openssl: OPENSSL_TEXT[rule] });
    };
    const bc = cert.getExtension(BasicConstraintsExtension);
    const ku = cert.getExtension(KeyUsagesExtension);
    const san = cert.getExtension(SubjectAlternativeNameExtension);
    const aki = cert.getExtension(AuthorityKeyIdentifierExtension);
    const ski = cert.getExtension(SubjectKeyIdentifierExtension);
    const isCA = bc?.ca === true;
    if (bc && bc.pathLength !== undefined && !isCA) add('pathlen-non-ca');
    if (isCA && !bc.critical) add('ca-basic-constraints-not-critical');
    if (isCA && !ku) add('ca-missing-key-usage');
    if (!isCA && ku && (ku.usages & KeyUsageFlags.keyCertSign) !== 0) add('key-cert-sign-non-ca');
    if (cert.issuerName.toJSON().length === 0) add('issuer-name-empty');
    const subjectEmpty = cert.subjectName.toJSON().length === 0;
    if (subjectEmpty && (isCA || (ku && (ku.usages & KeyUsageFlags.cRLSign) !== 0) || !san)) add('subject-name-empty');
    if (subjectEmpty && san && !san.critical) add('empty-subject-san-not-critical');
    if (san && san.names.items.length === 0) add('empty-subject-alt-name');
    if (aki?.critical) add('aki-critical');
    if (ski?.critical) add('ski-critical');
    if (versionOf(der) >= 3) {
      // "not the last certificate in the chain" is OpenSSL's reading of "made by a conforming CA".
      if (depth + 1 < path.length && !aki?.keyId) add('missing-aki');
      if (isCA && !ski) add('missing-ski');
    } else if (cert.extensions.length > 0) {
      add('extensions-require-v3');
    }
  });
  return out;
}
