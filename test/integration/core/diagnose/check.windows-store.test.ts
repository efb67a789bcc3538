// Issue 14, "Windows diagnosis that only Windows needs": `check` against real TLS servers on
// 127.0.0.1, judged with the Windows backend whose store read is given per store (the seam: the
// Platform object's readSystemRoots, as the store cannot be read on Linux). The interpreter is a
// stand-in printing what assets/probe/connect.py reports for a Windows Python (urllib: the OS store,
// sys.platform win32): no Windows Python runs here. Before this change every case below came out
// without the Windows words: "missing from this source", no policy, no CA store.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../../../src-main/core/context.ts';
import { checkHost } from '../../../../src-main/core/diagnose/check.ts';
import { parseTarget } from '../../../../src-main/core/diagnose/target.ts';
import type { CheckReport, CheckResult } from '../../../../src-main/core/diagnose/types.ts';
import { render } from '../../../../src-main/cli/commands/check.ts';
import { linuxPlatform } from '../../../../src-main/core/platform/linux.ts';
import type { Platform, PlacedCert, StoreOrigin } from '../../../../src-main/core/platform/types.ts';
import { win32Platform } from '../../../../src-main/core/platform/win32.ts';
import { planTracked } from '../../../../src-main/core/repair/planner.ts';
import { derOf, makeCert, type Made } from '../../../helpers/checkPki.ts';
import { tempDir } from '../../../helpers/tmp.ts';
import { httpsServer, type Running } from '../../../helpers/checkServers.ts';

const { dir, cleanup } = tempDir('trustfix-winstore-');
const servers: Running[] = [];
const at = (location: StoreOrigin['location'], store: StoreOrigin['store'], ...made: Made[]): PlacedCert[] =>
  made.map((m) => ({ der: derOf(m), origin: { location, store } }));

/** A backend with this OS's facts and a store read that returns these certificates in these stores. */
function withStore(base: Platform, placed: PlacedCert[]): Platform {
  return {
    ...base,
    readSystemRoots: async () => ({ source: 'test store', ders: placed.map((p) => p.der), origins: placed }),
  };
}

interface FakeClient {
  client: 'urllib' | 'pip';
  truststore?: boolean;
  ok: boolean;
}

/** A stand-in Windows interpreter: prints one probe report line, as connect.py does on Windows. */
function windowsPython(name: string, version: string, partialChain: boolean, clients: FakeClient[]): string {
  const report = {
    python: {
      executable: `C:\\Python\\${name}\\python.exe`,
      version,
      openssl: 'OpenSSL 3.0.15 3 Sep 2024',
      opensslVersionInfo: [3, 0, 0, 15, 0],
      hasSni: true,
      platform: 'win32',
      hostnameInOpenssl: true,
    },
    proxy: null,
    clients: clients.map((c) => ({
      client: c.client,
      available: true,
      sources:
        c.client === 'pip'
          ? [{ kind: 'os-store' }, { kind: 'file', path: join(dir, 'pip-cacert.pem') }]
          : [{ kind: 'os-store' }],
      steeredBy: c.truststore ? 'truststore' : 'default',
      truststore: c.truststore === true,
      strict: partialChain,
      partialChain,
      ok: c.ok,
      error: c.ok
        ? null
        : '<urlopen error [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1000)>',
      sslError: c.ok
        ? null
        : '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1000)',
      kind: c.ok ? null : 'ssl',
    })),
  };
  const path = join(dir, `${name}-python`);
  writeFileSync(path, `#!/bin/sh\ncat <<'EOF'\n${JSON.stringify(report)}\nEOF\n`);
  chmodSync(path, 0o755);
  return path;
}

/** Root -> intermediate -> leaf for 127.0.0.1; the server sends the leaf, and the intermediate if asked. */
async function site(name: string, sendIntermediate: boolean): Promise<{ root: Made; inter: Made; port: number }> {
  const root = makeCert({ cn: `${name} Root`, ca: true, to: 3650 });
  const inter = makeCert({ cn: `${name} Intermediate`, ca: true, issuer: root, to: 1000 });
  const leaf = makeCert({ cn: 'localhost', issuer: inter, dns: ['localhost'], ips: ['127.0.0.1'] });
  const server = await httpsServer({ key: leaf.keyPem, certChain: leaf.pem + (sendIntermediate ? inter.pem : '') });
  servers.push(server);
  return { root, inter, port: server.port };
}

async function check(
  platform: Platform,
  port: number,
  python: string,
  referenceRoots: Made[] = [],
): Promise<CheckResult[]> {
  return (await checkReport(platform, port, python, referenceRoots)).results;
}

async function checkReport(
  platform: Platform,
  port: number,
  python: string,
  referenceRoots: Made[] = [],
): Promise<CheckReport> {
  const reference = join(dir, `reference-${port}.pem`);
  writeFileSync(
    reference,
    referenceRoots.map((m) => m.pem).join('') || makeCert({ cn: 'Unrelated Public Root', ca: true }).pem,
  );
  const ctx = await createContext({ platform, referenceFile: reference });
  const parsed = parseTarget(`127.0.0.1:${port}`);
  if (!parsed.ok) throw new Error('target');
  return checkHost({ target: parsed.target, interpreters: [python], ctx, env: process.env, timeoutMs: 5000 });
}

const row = (results: CheckResult[], client: string): CheckResult => results.find((r) => r.client === client)!;
const codes = (r: CheckResult): string[] => r.notes.map((n) => n.code);

let other: Made;
beforeAll(() => {
  other = makeCert({ cn: 'Some Installed Root', ca: true });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  cleanup();
});

describe('a public root Windows has not installed yet (Automatic Root Certificates Update)', () => {
  it('says so in those words and offers the import of that one root, or the Windows Update refresh', async () => {
    const { root, port } = await site('Lazy Public', true);
    const python = windowsPython('lazy312', '3.12.7', false, [{ client: 'urllib', ok: false }]);
    const platform = withStore(win32Platform, at('LocalMachine', 'Root', other));
    const report = await checkReport(platform, port, python, [root]);
    const urllib = row(report.results, 'urllib');
    expect(urllib.cause).toBe('missing-root');
    const text = render(report, { color: false });
    expect(text).toContain(
      "The root Lazy Public Root is a public root (in Mozilla's list) that Windows has not installed on this computer yet.",
    );
    expect(text).toContain("Import just this root, Lazy Public Root, into Windows' trusted roots (LocalMachine\\Root)");
    expect(urllib.detail).toEqual({ code: 'check:detail.missing-root-lazy', params: { root: 'Lazy Public Root' } });
    const rootFp = urllib.path[urllib.path.length - 1]!;
    const stores = urllib.repairs.filter((p) => p.kind === 'os-store');
    expect(stores.map((p) => [p.why.code, (p.certificates ?? []).map((c) => [c.fingerprint, c.from])])).toEqual([
      ['check:repair.importLazyRoot', [[rootFp, 'reference']]],
      ['check:repair.refreshFromWindowsUpdate', []],
    ]);
    expect(urllib.disagreement).toBe(false);

    // Both offers plan as the store's existing steps: certutil into LocalMachine\Root, and Windows
    // Update's list, each elevated.
    const ctx = await createContext({ platform: win32Platform, systemStoreFile: join(dir, `reference-${port}.pem`) });
    const tracked = await planTracked(
      { ctx, dataDir: join(dir, 'data'), findings: new Set(), who: 'test', now: new Date(), os: 'win32', home: dir },
      stores,
      { confirmed: new Set() },
    );
    expect(tracked.plan.refused).toEqual([]);
    const runs = tracked.plan.actions.map((a) =>
      a.changes.flatMap((c) => (c.type === 'command' ? [[c.run.file, c.run.args[0], c.elevated]] : [])),
    );
    expect(runs).toEqual([
      [['certutil.exe', '-addstore', true]],
      [
        ['certutil.exe', '-generateSSTFromWU', true],
        ['powershell.exe', '-NoProfile', true],
      ],
    ]);
  });

  it('is a fact of the backend, and of the client: not said where the OS has no lazy roots, nor for pip through truststore', async () => {
    const { root, port } = await site('Lazy Elsewhere', true);
    const python = windowsPython('lazy-both', '3.12.7', false, [
      { client: 'urllib', ok: false },
      { client: 'pip', truststore: true, ok: true },
    ]);
    const onWindows = await check(withStore(win32Platform, at('LocalMachine', 'Root', other)), port, python, [root]);
    // truststore asks Windows' own verifier, which installs the root itself: not the lazy-root story.
    expect(row(onWindows, 'pip').detail.code).not.toBe('check:detail.missing-root-lazy');
    const onLinux = await check(withStore(linuxPlatform, at('LocalMachine', 'Root', other)), port, python, [root]);
    expect(row(onLinux, 'urllib').detail.code).toBe('check:detail.missing-root-reference');
    expect(row(onLinux, 'urllib').repairs.some((p) => p.why.code === 'check:repair.refreshFromWindowsUpdate')).toBe(
      false,
    );
  });
});

describe('a root that policy put in the store', () => {
  it('says the root is trusted because group policy installs it', async () => {
    const { root, port } = await site('Corp Policy', true);
    const python = windowsPython('policy', '3.12.7', false, [{ client: 'urllib', ok: true }]);
    // The logical LocalMachine\Root shows it too (it merges the policy store); the registry says why.
    const platform = withStore(win32Platform, [
      ...at('LocalMachine', 'Root', root, other),
      ...at('MachineGroupPolicy', 'Root', root),
    ]);
    const report = await checkReport(platform, port, python);
    const urllib = row(report.results, 'urllib');
    expect(urllib.cause).toBe('ok');
    expect(urllib.notes).toContainEqual({
      code: 'check:note.fromPolicy.MachineGroupPolicy',
      params: { name: 'Corp Policy Root' },
    });
    // `trustfix check` says it for a client that works, in plain words.
    expect(render(report, { color: false })).toContain(
      "Corp Policy Root is trusted because your organization's group policy installs it (computer policy).",
    );
  });

  it('names the enterprise store, and says nothing of policy for a root put in by hand', async () => {
    const { root, port } = await site('Corp AD', true);
    const python = windowsPython('enterprise', '3.12.7', false, [{ client: 'urllib', ok: true }]);
    const viaAd = row(
      await check(
        withStore(win32Platform, [...at('LocalMachine', 'Root', root), ...at('Enterprise', 'Root', root)]),
        port,
        python,
      ),
      'urllib',
    );
    expect(viaAd.notes).toContainEqual({ code: 'check:note.fromPolicy.Enterprise', params: { name: 'Corp AD Root' } });
    const byHand = row(await check(withStore(win32Platform, at('LocalMachine', 'Root', root)), port, python), 'urllib');
    expect(byHand.cause).toBe('ok');
    expect(codes(byHand).filter((c) => c.startsWith('check:note.fromPolicy'))).toEqual([]);
  });
});

describe('a chain that only the CA store makes verify', () => {
  it('before 3.13: a CA-store intermediate fills in the one the server does not send', async () => {
    const { root, inter, port } = await site('Missing Inter', false);
    const python = windowsPython('ca312', '3.12.7', false, [{ client: 'urllib', ok: true }]);
    const urllib = row(
      await check(
        withStore(win32Platform, [...at('LocalMachine', 'Root', root), ...at('LocalMachine', 'CA', inter)]),
        port,
        python,
      ),
      'urllib',
    );
    expect(urllib.cause).toBe('ok');
    expect(urllib.notes).toContainEqual({
      code: 'check:note.caStoreFilled',
      params: { name: 'Missing Inter Intermediate' },
    });
  });

  it('3.13 (partial chain): a CA-store intermediate ends the chain although its root is nowhere', async () => {
    const { inter, port } = await site('Partial Anchor', true);
    const python = windowsPython('ca313', '3.13.1', true, [{ client: 'urllib', ok: true }]);
    const urllib = row(
      await check(
        withStore(win32Platform, [...at('LocalMachine', 'Root', other), ...at('CurrentUser', 'CA', inter)]),
        port,
        python,
      ),
      'urllib',
    );
    expect(urllib.cause).toBe('ok');
    expect(urllib.path).toHaveLength(2);
    expect(urllib.notes).toContainEqual({
      code: 'check:note.caStoreAnchor',
      params: { name: 'Partial Anchor Intermediate' },
    });
  });

  it('says nothing when the root store alone would do', async () => {
    const { root, inter, port } = await site('Both Stores', true);
    const python = windowsPython('ca-both', '3.13.1', true, [{ client: 'urllib', ok: true }]);
    const urllib = row(
      await check(
        withStore(win32Platform, [...at('LocalMachine', 'Root', root), ...at('LocalMachine', 'CA', inter)]),
        port,
        python,
      ),
      'urllib',
    );
    expect(urllib.cause).toBe('ok');
    expect(codes(urllib).filter((c) => c.startsWith('check:note.caStore'))).toEqual([]);
  });
});
