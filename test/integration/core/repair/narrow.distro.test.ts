// A distribution-generated bundle is never edited in place (issue 11, item 5; safety rule 7). urllib
// in a venv reads /usr/lib/ssl/cert.pem -> /etc/ssl/certs/ca-certificates.crt, which Debian's
// update-ca-certificates rebuilds. When the user asks for the shared route (--include), the plan is
// Debian's own: an anchor file in /usr/local/share/ca-certificates, then update-ca-certificates; run
// for real inside a private mount namespace over copies of /etc/ssl/certs and
// /usr/local/share/ca-certificates (hooks folder empty), and the root is in the regenerated bundle.
// Undo removes the anchor and the rebuilt bundle is byte-identical. The machine's files never change.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitBundle } from '../../../../src-main/core/certs/pem.ts';
import { CLI } from '../../../helpers/cli.ts';
import { makePki } from '../../../helpers/pki.ts';
import { canUnshare, inPrivateMounts } from '../../../helpers/privateMounts.ts';
import { tempDir } from '../../../helpers/tmp.ts';

const BASE = ['/root/.pyenv/versions/3.11.7/bin/python', '/root/.pyenv/versions/3.12.1/bin/python'].find(existsSync);
const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const haveDebian =
  existsSync('/usr/sbin/update-ca-certificates') &&
  existsSync(SYSTEM_BUNDLE) &&
  existsSync('/usr/local/share/ca-certificates');
const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');
const fps = (p: string): string[] =>
  splitBundle(readFileSync(p)).ders.map((d) => createHash('sha256').update(d).digest('hex'));

let dir: string;
let cleanup: () => void;
let server: Server;
let url: string;
let rootFp: string;
let py: string;
let binds: Array<[string, string]>;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('trustfix-distro-'));
  const pki = makePki(dir);
  rootFp = createHash('sha256')
    .update(splitBundle(readFileSync(pki.rootPem)).ders[0]!)
    .digest('hex');
  server = createServer(
    {
      key: readFileSync(pki.leafKey),
      cert: `${readFileSync(pki.leafPem, 'utf8')}${readFileSync(pki.rootPem, 'utf8')}`,
    },
    (_q, res) => res.end('hello\n'),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  if (!BASE || !haveDebian || !canUnshare) return;
  await execa(BASE, ['-m', 'venv', '--without-pip', join(dir, 'venv')], { timeout: 120_000 });
  py = join(dir, 'venv', 'bin', 'python');
  // Copies of the folders update-ca-certificates writes; its hooks (Java's keystore) get an empty one.
  cpSync('/etc/ssl/certs', join(dir, 'etc-ssl-certs'), { recursive: true, verbatimSymlinks: true });
  cpSync('/usr/local/share/ca-certificates', join(dir, 'local-ca'), { recursive: true, verbatimSymlinks: true });
  mkdirSync(join(dir, 'hooks'));
  binds = [
    [join(dir, 'etc-ssl-certs'), '/etc/ssl/certs'],
    [join(dir, 'local-ca'), '/usr/local/share/ca-certificates'],
    [join(dir, 'hooks'), '/etc/ca-certificates/update.d'],
  ];
}, 300_000);
afterAll(() => {
  server?.close();
  cleanup?.();
});

const inside = (args: string[]) =>
  inPrivateMounts(binds, [process.execPath, CLI, ...args], { env: { PIP_CONFIG_FILE: '/dev/null' } });
const urllibInside = () =>
  inPrivateMounts(binds, [
    py,
    '-c',
    'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())',
    url,
  ]);

describe("Debian's generated bundle: the distribution's route, never an in-place edit", () => {
  it('anchor + update-ca-certificates for real in a private mount namespace; the root is in the regenerated file; undo is byte-exact', async (t) => {
    if (!BASE || !haveDebian || !canUnshare) t.skip('needs root, unshare, Debian ca-certificates and a pyenv Python');
    const machineBefore = sha(SYSTEM_BUNDLE);
    const copy = join(dir, 'etc-ssl-certs', 'ca-certificates.crt');
    const copyBefore = sha(copy);
    const data = join(dir, 'data');
    expect((await urllibInside()).exitCode).not.toBe(0);

    const plan = await inside([
      'fix',
      url,
      '--python',
      py,
      '--client',
      'urllib',
      '--confirm',
      rootFp,
      '--json',
      '--data-dir',
      data,
    ]);
    const parsed = JSON.parse(plan.stdout) as {
      plan: {
        actions: Array<{ id: string; kind: string }>;
        offered: Array<{
          id: string;
          kind: string;
          where: string;
          changes: Array<{ type: string; path?: string; run?: { file: string } }>;
        }>;
      };
    };
    expect(parsed.plan.actions.map((a) => a.kind)).toEqual(['pth-bundle']);
    const route = parsed.plan.offered.find((a) => a.kind === 'os-store')!;
    expect(route, plan.stdout).toBeDefined();
    expect(route.changes.map((c) => c.path ?? c.run?.file)).toEqual([
      `/usr/local/share/ca-certificates/trustfix-${rootFp.slice(0, 16)}.crt`,
      'update-ca-certificates',
    ]);

    // The user ticks the distribution's route instead of the narrow one.
    const run = await inside([
      'fix',
      url,
      '--python',
      py,
      '--client',
      'urllib',
      '--confirm',
      rootFp,
      '--include',
      route.id,
      '--skip',
      'a1',
      '--yes',
      '--data-dir',
      data,
    ]);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(readdirSync(join(dir, 'local-ca'))).toContain(`trustfix-${rootFp.slice(0, 16)}.crt`);
    expect(fps(copy)).toContain(rootFp);
    const ok = await urllibInside();
    expect(ok.exitCode, ok.stderr).toBe(0);
    // No .pth was written: the root reaches urllib through the regenerated system bundle alone.
    expect(
      readdirSync(join(dir, 'venv', 'lib', readdirSync(join(dir, 'venv', 'lib'))[0]!, 'site-packages')).filter((f) =>
        f.startsWith('trustfix'),
      ),
    ).toEqual([]);
    expect(sha(SYSTEM_BUNDLE)).toBe(machineBefore);

    const undo = await inside(['undo', '--yes', '--data-dir', data]);
    expect(undo.exitCode, undo.stderr).toBe(0);
    expect(readdirSync(join(dir, 'local-ca')).filter((f) => f.startsWith('trustfix-'))).toEqual([]);
    expect(sha(copy)).toBe(copyBefore);
    expect((await urllibInside()).exitCode).not.toBe(0);
    expect(sha(SYSTEM_BUNDLE)).toBe(machineBefore);
  }, 300_000);

  it('an append aimed at the generated bundle itself is refused, naming the route', async (t) => {
    if (!haveDebian) t.skip('no Debian system bundle');
    const before = sha(SYSTEM_BUNDLE);
    const r = await execa(
      process.execPath,
      [CLI, 'append', '--to', '/usr/lib/ssl/cert.pem', join(dir, 'root.pem'), '--data-dir', join(dir, 'data-append')],
      { reject: false, timeout: 120_000 },
    );
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('is rebuilt by update-ca-certificates');
    expect(r.stdout + r.stderr).toContain('/usr/local/share/ca-certificates');
    expect(sha(SYSTEM_BUNDLE)).toBe(before);
  }, 120_000);
});
