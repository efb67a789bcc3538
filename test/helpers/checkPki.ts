// Test PKIs (check, discovery and UI tests): roots, intermediates and leaves made with node-forge (any dates,
// any extension, critical or not), RSA keys from node:crypto (fast). Nothing here is used outside tests.
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

const { pki, asn1 } = forge;

export interface Made {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
  pem: string;
  keyPem: string;
}

export function newKey(): { key: forge.pki.rsa.PrivateKey; pub: forge.pki.rsa.PublicKey; keyPem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const key = pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  return { key, pub: pki.setRsaPublicKey(key.n, key.e), keyPem };
}

const DAY = 86_400_000;
let serial = 1000;

export interface CertSpec {
  cn: string;
  org?: string;
  issuer?: Made;
  key?: ReturnType<typeof newKey>;
  ca?: boolean;
  /** Basic Constraints critical (default true, as RFC 5280 requires for a CA). */
  bcCritical?: boolean;
  /** Days from now; negative for the past. */
  from?: number;
  to?: number;
  dns?: string[];
  ips?: string[];
  aia?: string;
  /** Leave out the Authority Key Identifier. */
  noAki?: boolean;
}

export function makeCert(spec: CertSpec): Made {
  const k = spec.key ?? newKey();
  const cert = pki.createCertificate();
  cert.publicKey = k.pub;
  cert.serialNumber = (serial++).toString(16).padStart(4, '0');
  const now = Date.now();
  cert.validity.notBefore = new Date(now + (spec.from ?? -1) * DAY);
  cert.validity.notAfter = new Date(now + (spec.to ?? 30) * DAY);
  const subject = [
    { name: 'commonName', value: spec.cn },
    ...(spec.org ? [{ name: 'organizationName', value: spec.org }] : []),
  ];
  cert.setSubject(subject);
  cert.setIssuer(spec.issuer ? spec.issuer.cert.subject.attributes : subject);
  const ca = spec.ca === true;
  const exts: any[] = [
    { name: 'basicConstraints', cA: ca, critical: ca ? spec.bcCritical !== false : true },
    ca
      ? { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true }
      : { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ];
  if (!ca) exts.push({ name: 'extKeyUsage', serverAuth: true });
  if (spec.issuer && !spec.noAki)
    exts.push({
      name: 'authorityKeyIdentifier',
      keyIdentifier: spec.issuer.cert.generateSubjectKeyIdentifier().getBytes(),
    });
  if (spec.dns || spec.ips) {
    exts.push({
      name: 'subjectAltName',
      altNames: [
        ...(spec.dns ?? []).map((value) => ({ type: 2, value })),
        ...(spec.ips ?? []).map((ip) => ({ type: 7, ip })),
      ],
    });
  }
  if (spec.aia) exts.push({ id: '1.3.6.1.5.5.7.1.1', critical: false, value: aiaValue(spec.aia) });
  cert.setExtensions(exts);
  cert.sign(spec.issuer?.key ?? k.key, forge.md.sha256.create());
  return { cert, key: k.key, pem: pki.certificateToPem(cert), keyPem: k.keyPem };
}

/** AuthorityInfoAccessSyntax with one caIssuers URI. */
function aiaValue(url: string): string {
  const desc = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer('1.3.6.1.5.5.7.48.2').getBytes()),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 6, false, url),
  ]);
  return asn1.toDer(asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [desc])).getBytes();
}

export function derOf(made: Made): Buffer {
  return Buffer.from(asn1.toDer(pki.certificateToAsn1(made.cert)).getBytes(), 'binary');
}
