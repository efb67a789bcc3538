// Issue 13, "Python 3.13's strict rule, right", without an interpreter: which certificate breaks the
// rule and who must act; a root that is trusted but will still fail the rule is said before any
// change; truststore is offered for a strict failure only where it helps (Windows, macOS: the OS
// verifier decides; Linux: OpenSSL with the same strict flags, measured not to help); and no repair
// ever clears VERIFY_X509_STRICT. The chains are made here; the "OS store" is a file of the test's own.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, type TrustContext } from '../../../../src-main/core/context.ts';
import { evaluate, type ClientProfile, type Evaluation } from '../../../../src-main/core/diagnose/evaluate.ts';
import { trustSet, unionTrust } from '../../../../src-main/core/diagnose/paths.ts';
import { proposeRepairs } from '../../../../src-main/core/diagnose/repairs.ts';
import type { CheckResult } from '../../../../src-main/core/diagnose/types.ts';
import { darwinPlatform } from '../../../../src-main/core/platform/darwin.ts';
import { linuxPlatform } from '../../../../src-main/core/platform/linux.ts';
import type { Platform } from '../../../../src-main/core/platform/types.ts';
import { win32Platform } from '../../../../src-main/core/platform/win32.ts';
import { chooseRepair, clientRepairs } from '../../../../src-main/core/repair/checkForFix.ts';
import { PTH_TEXT } from '../../../../src-main/core/repair/planPython.ts';
import { PTH_BUNDLE_LINE, pthBundleModule } from '../../../../src-main/core/repair/planPthBundle.ts';
import type { RepairProposal } from '../../../../src-main/core/diagnose/proposal.ts';
import { derOf, makeCert, type Made } from '../../../helpers/checkPki.ts';

// Python 3.13's default context: VERIFY_X509_STRICT and VERIFY_X509_PARTIAL_CHAIN.
const STRICT: ClientProfile = {
  strict: true,
  partialChain: true,
  hostnameInOpenssl: true,
  hasSni: true,
  refusesOldTls: true,
};
const PLATFORMS: Platform[] = [linuxPlatform, win32Platform, darwinPlatform];
const names = { dns: ['localhost'], ips: ['127.0.0.1'] };

let dir: string;
let ctx: TrustContext;
const fp = (m: Made): string => ctx.index.add(derOf(m))!;

// A TLS-inspecting proxy's root (Basic Constraints critical, as RFC 5280 wants), in the OS store as IT
// would push it; the leaves it mints lack the Authority Key Identifier (as mitmproxy 8's do).
const proxyRoot = makeCert({ cn: 'Zscaler Root CA', org: 'Zscaler Inc.', ca: true, to: 3650 });
const mintedNoAki = makeCert({ cn: 'localhost', issuer: proxyRoot, ...names, noAki: true });
const mintedWithAki = makeCert({ cn: 'localhost', issuer: proxyRoot, ...names });
// A root with Basic Constraints not critical (a root flaw), its leaf fine; and a private CA's leaf
// without AKI (no proxy: the server's owner acts).
const flawedRoot = makeCert({
  cn: 'Office Firewall Root',
  org: 'Example Office',
  ca: true,
  bcCritical: false,
  to: 3650,
});
const leafOfFlawed = makeCert({ cn: 'localhost', issuer: flawedRoot, ...names });
const privateRoot = makeCert({ cn: 'Example Corp Root CA', org: 'Example Corp', ca: true, to: 3650 });
const privateNoAki = makeCert({ cn: 'localhost', issuer: privateRoot, ...names, noAki: true });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trustfix-strict-advice-'));
  const store = join(dir, 'os-store.pem');
  await writeFile(store, [proxyRoot, flawedRoot, privateRoot].map((m) => m.pem).join(''));
  ctx = await createContext({ systemStoreFile: store });
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Judge a chain the server sends (leaf only, as proxies do) for a client trusting `trusted`. */
function judge(leaf: Made, trusted: Made[]): Evaluation {
  const everywhere = unionTrust(ctx.index, [
    trustSet(ctx.index, ctx.reference.fingerprints),
    trustSet(ctx.index, ctx.osStore.fingerprints),
  ]);
  return evaluate(
    { host: 'localhost', chain: [fp(leaf)], aia: [], protocol: 'TLSv1.3', ctx, everywhere },
    trustSet(ctx.index, trusted.map(fp)),
    STRICT,
  );
}

const urllibSources = [{ kind: 'os-store' as const }];
const requestsSources = [{ kind: 'file' as const, path: '/venv/lib/python3.13/site-packages/certifi/cacert.pem' }];
const propose = (ev: Evaluation, client: 'urllib' | 'requests', os: Platform): RepairProposal[] =>
  proposeRepairs(
    ev,
    { python: '/venv/bin/python', client, sources: client === 'urllib' ? urllibSources : requestsSources, os },
    ctx.index,
  );
const codes = (ps: RepairProposal[]): string[] => ps.map((p) => p.why.code);

describe('the per-OS fact: does truststore get around VERIFY_X509_STRICT?', () => {
  it('Linux no (OpenSSL, same flags); Windows and macOS yes (the OS verifier decides)', () => {
    expect(linuxPlatform.truststoreRelaxesStrict).toBe(false);
    expect(win32Platform.truststoreRelaxesStrict).toBe(true);
    expect(darwinPlatform.truststoreRelaxesStrict).toBe(true);
  });
});

describe('a proxy whose minted leaf lacks the AKI, its root trusted (urllib on 3.13)', () => {
  it('names the leaf, its fingerprint, and the proxy as what must change', () => {
    const ev = judge(mintedNoAki, [proxyRoot]);
    expect(ev.cause).toBe('x509-strict');
    expect(ev.strict?.afterTrust).toBe(false);
    expect(ev.strict?.violations).toEqual([
      expect.objectContaining({
        rule: 'missing-aki',
        openssl: 'Missing Authority Key Identifier',
        role: 'leaf',
        actor: 'proxy',
        vendor: 'Zscaler',
        fingerprint: fp(mintedNoAki),
        name: 'localhost',
      }),
    ]);
    expect(ev.detail.params).toMatchObject({
      role: 'leaf',
      name: 'localhost',
      fingerprint: fp(mintedNoAki),
      rule: 'Missing Authority Key Identifier',
    });
  });

  for (const os of PLATFORMS) {
    it(`${os.id}: tells IT to update the proxy, never to re-issue the root; truststore ${os.truststoreRelaxesStrict ? 'offered' : 'not offered'}`, () => {
      const repairs = propose(judge(mintedNoAki, [proxyRoot]), 'urllib', os);
      const proxy = repairs.find((p) => p.why.code === 'check:repair.strict.proxy');
      expect(proxy).toMatchObject({
        kind: 'none',
        why: { params: { vendor: 'Zscaler', role: 'leaf', name: 'localhost', fingerprint: fp(mintedNoAki) } },
      });
      expect(codes(repairs)).not.toContain('check:repair.strict.rootOwner');
      expect(codes(repairs)).not.toContain('check:repair.reissueRoot');
      expect(repairs.some((p) => p.kind === 'use-os-store')).toBe(os.truststoreRelaxesStrict);
      // Where truststore is not offered, the user is told why (it fails the same way there).
      expect(codes(repairs).includes('check:repair.truststoreNoHelp')).toBe(!os.truststoreRelaxesStrict);
    });
  }
});

describe('the same proxy, its root not yet trusted (requests on 3.13, certifi lacks the root)', () => {
  it('says before any change that trusting the root will not be enough: the leaf breaks the rule', () => {
    const ev = judge(mintedNoAki, []);
    expect(ev.cause).toBe('intercepted');
    expect(ev.strict?.afterTrust).toBe(true);
    expect(ev.strict?.violations.map((v) => [v.role, v.rule, v.actor, v.fingerprint])).toEqual([
      ['leaf', 'missing-aki', 'proxy', fp(mintedNoAki)],
    ]);
    expect(ev.notes[0]).toMatchObject({
      code: 'check:note.stillFailsAfterTrust',
      params: { role: 'leaf', name: 'localhost', fingerprint: fp(mintedNoAki), root: 'Zscaler Root CA' },
    });
  });

  for (const os of PLATFORMS) {
    it(`${os.id}: every proposal that trusts the root says it will still fail; truststore only where it helps`, () => {
      const repairs = propose(judge(mintedNoAki, []), 'requests', os);
      const trusting = repairs.filter(
        (p) => p.kind === 'append' || p.kind === 'os-store' || p.kind === 'pth-bundle' || p.kind === 'refresh',
      );
      expect(trusting.length).toBeGreaterThan(0);
      for (const p of trusting)
        expect(p.stillFails, p.kind).toMatchObject({
          code: 'check:repair.stillFails',
          params: { role: 'leaf', name: 'localhost' },
        });
      expect(codes(repairs)).toContain('check:repair.strict.proxy');
      const ts = repairs.filter((p) => p.kind === 'use-os-store');
      expect(ts.length).toBe(os.truststoreRelaxesStrict ? 1 : 0);
      for (const p of ts) expect(p.stillFails).toBeUndefined();
    });
  }

  it('fix (and the app) choose no repair that is known to leave the client failing: the proxy must change first', () => {
    const ev = judge(mintedNoAki, []);
    const row = {
      python: '/venv/bin/python',
      client: 'requests',
      pythonSays: { ok: false, error: 'x', sslError: 'x', family: 'untrusted' },
      ok: false,
      repairs: propose(ev, 'requests', linuxPlatform),
    } as unknown as CheckResult;
    expect(chooseRepair(row)).toBeUndefined();
    const [client] = clientRepairs([row]);
    expect(client?.proposals).toEqual([]);
    expect(client?.unfixable.map((p) => p.why.code)).toContain('check:repair.strict.proxy');
  });
});

describe('the same proxy with a leaf that HAS the AKI', () => {
  it('trusting the root is the fix, and it is predicted to work', () => {
    const ev = judge(mintedWithAki, []);
    expect(ev.cause).toBe('intercepted');
    expect(ev.strict).toBeUndefined();
    const repairs = propose(ev, 'requests', linuxPlatform);
    const append = repairs.find((p) => p.kind === 'append');
    expect(append?.certificates?.[0]?.fingerprint).toBe(fp(proxyRoot));
    for (const p of repairs) expect(p.stillFails).toBeUndefined();
    expect(judge(mintedWithAki, [proxyRoot]).cause).toBe('ok');
  });
});

describe('who must act', () => {
  it('a root flaw: the root, its owner acts', () => {
    const ev = judge(leafOfFlawed, [flawedRoot]);
    expect(ev.strict?.violations.map((v) => [v.role, v.rule, v.actor, v.fingerprint])).toEqual([
      ['root', 'ca-basic-constraints-not-critical', 'root-owner', fp(flawedRoot)],
    ]);
    const repairs = propose(ev, 'urllib', linuxPlatform);
    expect(repairs.find((p) => p.why.code === 'check:repair.strict.rootOwner')?.why.params).toMatchObject({
      name: 'Office Firewall Root',
      fingerprint: fp(flawedRoot),
    });
    expect(codes(repairs)).not.toContain('check:repair.strict.proxy');
  });

  it("a private CA's leaf without AKI (no proxy named): the server's owner acts", () => {
    const ev = judge(privateNoAki, [privateRoot]);
    expect(ev.strict?.violations.map((v) => [v.role, v.actor])).toEqual([['leaf', 'server-owner']]);
    expect(codes(propose(ev, 'urllib', linuxPlatform))).toContain('check:repair.strict.serverOwner');
  });
});

describe('a repair never clears VERIFY_X509_STRICT', () => {
  // Anything that would take the flag off a context, or verification with it.
  const CLEARS =
    /verify_flags\s*(?:&=|=(?!=))|~\s*(?:ssl\.)?VERIFY_X509_STRICT|VERIFY_X509_STRICT\s*=|CERT_NONE|check_hostname\s*=\s*False|_create_unverified_context|PYTHONHTTPSVERIFY/;

  it('in the texts the plans write into an interpreter (.pth lines and the module they import)', () => {
    for (const text of [PTH_TEXT, PTH_BUNDLE_LINE, pthBundleModule('/data/urllib-ca.pem')])
      expect(text).not.toMatch(CLEARS);
  });

  it('in every proposal check makes for a strict failure, on every OS', () => {
    for (const os of PLATFORMS) {
      for (const [leaf, trusted] of [
        [mintedNoAki, [proxyRoot]],
        [mintedNoAki, []],
        [leafOfFlawed, [flawedRoot]],
        [privateNoAki, [privateRoot]],
      ] as const) {
        for (const client of ['urllib', 'requests'] as const) {
          const text = JSON.stringify(propose(judge(leaf, [...trusted]), client, os));
          expect(text).not.toMatch(CLEARS);
          expect(text).not.toMatch(/VERIFY_X509_STRICT/);
        }
      }
    }
  });

  it('in the repair code and the Python it ships (grep)', () => {
    const filesIn = (folder: string): URL[] =>
      readdirSync(new URL(folder, import.meta.url), { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => new URL(`${folder}${e.name}`, import.meta.url));
    const files = [...filesIn('../../../../src-main/core/repair/'), ...filesIn('../../../../assets/probe/')];
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect(readFileSync(f, 'utf8'), f.pathname).not.toMatch(CLEARS);
  });
});
