// The parts of `check` that need no interpreter: targets, strict rules, error texts, no-SNI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:https';
import { createSecureContext } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { createContext } from '../../../../src-main/core/context.ts';
import { agrees, familyOfText } from '../../../../src-main/core/diagnose/classify.ts';
import { evaluate, GENERIC_PROFILE } from '../../../../src-main/core/diagnose/evaluate.ts';
import { fetchChain } from '../../../../src-main/core/diagnose/fetchChain.ts';
import { trustSet } from '../../../../src-main/core/diagnose/paths.ts';
import { strictViolations } from '../../../../src-main/core/diagnose/strict.ts';
import { parseTarget } from '../../../../src-main/core/diagnose/target.ts';
import { derOf, makeCert } from '../../../helpers/checkPki.ts';

describe('parseTarget', () => {
  it.each([
    ['pypi.org', 'pypi.org', 443, 'https://pypi.org/'],
    ['pypi.internal:8443', 'pypi.internal', 8443, 'https://pypi.internal:8443/'],
    ['https://host.example:9443/simple/?x=1', 'host.example', 9443, 'https://host.example:9443/simple/?x=1'],
    ['[::1]:8443', '::1', 8443, 'https://[::1]:8443/'],
  ])('%s', (input, host, port, url) => {
    expect(parseTarget(input)).toEqual({ ok: true, target: { host, port, url } });
  });
  it('refuses http:// and nonsense', () => {
    expect(parseTarget('http://x').ok).toBe(false);
    expect(parseTarget('').ok).toBe(false);
  });
});

describe('strict X.509 rules (Python 3.13 VERIFY_X509_STRICT)', () => {
  const at = (m: ReturnType<typeof makeCert>, fp: string) => ({ fingerprint: fp, der: derOf(m) });
  it('names Basic Constraints not critical and a missing AKI, with OpenSSL words', () => {
    const root = makeCert({ cn: 'Proxy Root', ca: true, bcCritical: false });
    const leaf = makeCert({ cn: 'h', issuer: root, dns: ['h'], noAki: true });
    const v = strictViolations([at(leaf, 'leaf'), at(root, 'root')]);
    expect(v.map((x) => [x.fingerprint, x.rule])).toEqual([
      ['leaf', 'missing-aki'],
      ['root', 'ca-basic-constraints-not-critical'],
    ]);
    expect(v[1]!.openssl).toBe('Basic Constraints of CA cert not marked critical');
  });
  it('passes a well-made chain, and never judges a lone certificate', () => {
    const root = makeCert({ cn: 'Good Root', ca: true });
    const leaf = makeCert({ cn: 'h', issuer: root, dns: ['h'] });
    expect(strictViolations([at(leaf, 'l'), at(root, 'r')])).toEqual([]);
    expect(strictViolations([at(makeCert({ cn: 'x', ca: true, bcCritical: false }), 'x')])).toEqual([]);
  });
});

describe('reading Python error texts', () => {
  it.each([
    [
      '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)',
      'untrusted',
    ],
    ['[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired (_ssl.c:1123)', 'expired'],
    [
      '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate (_ssl.c:1000)',
      'self-signed',
    ],
    [
      '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self signed certificate in certificate chain (_ssl.c:1131)',
      'untrusted',
    ],
    [
      "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for 'x'. (_ssl.c:1006)",
      'hostname',
    ],
    ["hostname 'localhost' doesn't match either of 'other.example', '*.other.example'", 'hostname'],
    [
      '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Basic Constraints of CA cert not marked critical (_ssl.c:1018)',
      'x509-strict',
    ],
    ['<urlopen error [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed (_ssl.c:727)>', 'verify-failed'],
    ['[SSL: UNSUPPORTED_PROTOCOL] unsupported protocol (_ssl.c:1006)', 'tls-version'],
  ])('%s', (text, family) => {
    expect(familyOfText(text)).toBe(family);
  });
  it('a bare "certificate verify failed" (Python < 3.7) fits any chain cause, not a name mismatch', () => {
    expect(agrees('expired-root', 'verify-failed')).toBe(true);
    expect(agrees('hostname-mismatch', 'verify-failed')).toBe(false);
  });
});

describe('no SNI: the server answers with its default certificate', () => {
  const root = makeCert({ cn: 'SNI Root', ca: true });
  const named = makeCert({ cn: 'localhost', issuer: root, dns: ['localhost'] });
  const fallback = makeCert({ cn: 'default.example', issuer: root, dns: ['default.example'] });
  const server = createServer({
    key: fallback.keyPem,
    cert: fallback.pem,
    SNICallback: (name, cb) =>
      cb(null, name === 'localhost' ? createSecureContext({ key: named.keyPem, cert: named.pem }) : undefined),
  });
  let port = 0;
  beforeAll(
    () =>
      new Promise<void>((resolve) =>
        server.listen(0, '127.0.0.1', () => ((port = (server.address() as AddressInfo).port), resolve())),
      ),
  );
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('names no-sni for an interpreter without SNI, ok for one with it', async () => {
    const ctx = await createContext({ systemStoreFile: '/dev/null' });
    const withSni = await fetchChain('localhost', port);
    const without = await fetchChain('localhost', port, { servername: null });
    const chain = withSni.ders.map((d) => ctx.index.add(d)!);
    const noSniChain = without.ders.map((d) => ctx.index.add(d)!);
    expect(noSniChain[0]).not.toBe(chain[0]);
    const rootFp = ctx.index.add(derOf(root))!;
    const trust = trustSet(ctx.index, [rootFp]);
    const ev = { host: 'localhost', chain, noSniChain, aia: [], protocol: withSni.protocol, ctx, everywhere: trust };
    expect(evaluate(ev, trust, GENERIC_PROFILE).cause).toBe('ok');
    const old = evaluate(ev, trust, { ...GENERIC_PROFILE, hasSni: false });
    expect(old.cause).toBe('no-sni');
    expect(old.detail.params).toMatchObject({ host: 'localhost', names: 'DNS:default.example' });
  });
});
