// Narrowest first (issue 11, item 4; safety rule 7). `trustfix fix URL --python VENV` for a server with
// a private root: by default it changes only the venv's own files and TrustFix's data folder; urllib's
// OpenSSL default file (here /usr/lib/ssl/cert.pem -> /etc/ssl/certs/ca-certificates.crt, which every
// program reads) is offered, unticked, with who reads it and who rebuilds it; urllib in that venv then
// connects for real (the .pth route), another interpreter does not change, `check` predicts it (no
// DISAGREE row), and undo is byte-exact. Nothing outside the test's folder is written: the runs that
// may change files do so in a private mount namespace over copies of the system's CA folders, so even
// a regression that edits the system bundle edits the test's copy.
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitBundle } from '../../../../src-main/core/certs/pem.ts';
import {
  PTH_BUNDLE_LINE,
  PTH_BUNDLE_MODULE,
  PTH_BUNDLE_PTH,
  pthBundleModule,
} from '../../../../src-main/core/repair/planPthBundle.ts';
import { CLI, trustfix } from '../../../helpers/cli.ts';
import { makePki } from '../../../helpers/pki.ts';
import { canUnshare, inPrivateMounts } from '../../../helpers/privateMounts.ts';
import { tempDir } from '../../../helpers/tmp.ts';

const BASE = ['/root/.pyenv/versions/3.11.7/bin/python', '/root/.pyenv/versions/3.12.1/bin/python'].find(existsSync);
const LOCAL_INDEX = existsSync('/opt/pypi/simple') ? { PIP_INDEX_URL: 'file:///opt/pypi/simple' } : {};
// pip reads no configuration file here (this machine's /etc/pip.conf names the system bundle).
const ENV = { env: { PIP_CONFIG_FILE: '/dev/null' } };
const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

/** Every file under a folder with its SHA-256 (what "did not change" means). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const s = statSync(p, { throwIfNoEntry: false });
      if (!s) continue;
      if (s.isDirectory()) {
        if (name !== '__pycache__') walk(p);
      } else out[p] = sha(p);
    }
  };
  walk(dir);
  return out;
}

let dir: string;
let cleanup: () => void;
let server: Server;
let url: string;
let rootFp: string;
let venv: string;
let py: string;
let other: string;
let ready = '';
let binds: Array<[string, string]> = [];

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('trustfix-narrow-'));
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
  if (!BASE) return;
  venv = join(dir, 'venv');
  await execa(BASE, ['-m', 'venv', venv], { timeout: 120_000 });
  py = join(venv, 'bin', 'python');
  await execa(BASE, ['-m', 'venv', join(dir, 'other')], { timeout: 120_000 });
  other = join(dir, 'other', 'bin', 'python');
  const pip = await execa(py, ['-m', 'pip', 'install', '--disable-pip-version-check', '-q', 'requests'], {
    reject: false,
    timeout: 300_000,
    env: LOCAL_INDEX,
  });
  ready = pip.exitCode === 0 ? 'yes' : '';
  if (canUnshare) {
    cpSync('/etc/ssl/certs', join(dir, 'etc-ssl-certs'), { recursive: true, verbatimSymlinks: true });
    cpSync('/usr/local/share/ca-certificates', join(dir, 'local-ca'), { recursive: true, verbatimSymlinks: true });
    mkdirSync(join(dir, 'hooks'));
    binds = [
      [join(dir, 'etc-ssl-certs'), '/etc/ssl/certs'],
      [join(dir, 'local-ca'), '/usr/local/share/ca-certificates'],
      [join(dir, 'hooks'), '/etc/ca-certificates/update.d'],
    ];
  }
}, 600_000);
afterAll(() => {
  server?.close();
  cleanup?.();
});

const urllib = (python: string) =>
  execa(
    python,
    ['-c', 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())', url],
    { reject: false, timeout: 60_000 },
  );
/** The CLI where it may write: as root, in a private mount namespace over the copies (see above). */
const guarded = (args: string[]) =>
  canUnshare ? inPrivateMounts(binds, [process.execPath, CLI, ...args], ENV) : trustfix(args, ENV);
const requestsGet = () =>
  execa(py, ['-c', 'import sys, requests; print(requests.get(sys.argv[1], timeout=10).text)', url], {
    reject: false,
    timeout: 60_000,
  });

interface JsonAction {
  id: string;
  kind: string;
  where: string;
  changes: Array<{ type: string; path?: string; realPath?: string; run?: { file: string } }>;
  scope?: {
    own: boolean;
    reason: string;
    readers: Array<{ kind: string }>;
    owner?: { manager: string; refreshedBy?: string };
    realPath?: string;
  };
}

describe('fix --python VENV: narrowest first', () => {
  it('plans only the venv and the data folder; offers the OpenSSL default file unticked, with who reads it', async (t) => {
    if (!BASE || !ready) t.skip('no pyenv Python with a venv and requests');
    const data = join(dir, 'data-plan');
    const run = await trustfix(['fix', url, '--python', py, '--confirm', rootFp, '--json', '--data-dir', data], ENV);
    const out = JSON.parse(run.stdout) as { plan: { actions: JsonAction[]; offered?: JsonAction[] }; applied: boolean };
    expect(out.applied).toBe(false);
    // One default action per failing client: urllib (the .pth route), requests and pip (their certifi).
    expect(out.plan.actions.map((a) => a.kind).sort()).toEqual(['append', 'append', 'pth-bundle']);
    const files = out.plan.actions.flatMap((a) =>
      a.changes.map((c) => c.realPath ?? c.path ?? `command:${c.run?.file}`),
    );
    for (const f of files) expect(f.startsWith(`${venv}/`) || f.startsWith(`${data}/`), f).toBe(true);
    expect(files.some((f) => f.endsWith('/trustfix-urllib-ca.pth'))).toBe(true);
    // Offered, not planned: the system bundle urllib reads, by the distribution's route.
    const system = (out.plan.offered ?? []).find((a) => a.scope?.realPath === '/etc/ssl/certs/ca-certificates.crt');
    expect(system, JSON.stringify(out.plan.offered)).toBeDefined();
    expect(system!.kind).toBe('os-store');
    expect(system!.scope!.own).toBe(false);
    expect(system!.scope!.readers.map((r) => r.kind)).toEqual(
      expect.arrayContaining(['system-store', 'openssl-default']),
    );
    expect(system!.scope!.owner).toMatchObject({ manager: 'distribution', refreshedBy: 'update-ca-certificates' });
    // Never an in-place edit of the generated file.
    for (const a of [...out.plan.actions, ...(out.plan.offered ?? [])]) {
      for (const c of a.changes) expect(c.realPath ?? '').not.toBe('/etc/ssl/certs/ca-certificates.crt');
    }
    // The human plan says the same.
    const text = await trustfix(['fix', url, '--python', py, '--confirm', rootFp, '--data-dir', data], ENV);
    expect(text.stdout).toMatch(/Offered, not applied unless you ask for them \(--include o1/);
    expect(text.stdout).toContain("every program that uses OpenSSL's default CA file");
    expect(text.stdout).toContain('/usr/lib/ssl/cert.pem -> /etc/ssl/certs/ca-certificates.crt');
    expect(text.stdout).toContain('rebuilt by update-ca-certificates from /usr/local/share/ca-certificates');
  }, 300_000);

  it('--yes: urllib connects through the .pth route, check agrees, the other interpreter does not change, undo is byte-exact', async (t) => {
    if (!BASE || !ready) t.skip('no pyenv Python with a venv and requests');
    const data = join(dir, 'data-apply');
    expect((await urllib(py)).exitCode).not.toBe(0);
    expect((await requestsGet()).exitCode).not.toBe(0);
    const venvBefore = snapshot(venv);
    const otherBefore = snapshot(join(dir, 'other'));
    const systemBefore = sha('/etc/ssl/certs/ca-certificates.crt');
    const copyBefore = canUnshare ? snapshot(join(dir, 'etc-ssl-certs')) : {};

    const fixed = await guarded(['fix', url, '--python', py, '--confirm', rootFp, '--yes', '--data-dir', data]);
    expect(fixed.exitCode, fixed.stdout + fixed.stderr).toBe(0);
    const u = await urllib(py);
    expect(u.exitCode, u.stderr).toBe(0);
    expect(u.stdout).toContain('hello');
    expect((await requestsGet()).exitCode).toBe(0);
    // Only this interpreter: the other venv (same base Python) still fails, and its files are as they were.
    expect((await urllib(other)).exitCode).not.toBe(0);
    expect(snapshot(join(dir, 'other'))).toEqual(otherBefore);
    expect(sha('/etc/ssl/certs/ca-certificates.crt')).toBe(systemBefore);
    if (canUnshare) expect(snapshot(join(dir, 'etc-ssl-certs'))).toEqual(copyBefore);

    // The check engine predicts what the interpreter does: urllib ok, no DISAGREE row.
    const check = await trustfix(['check', url, '--python', py, '--json', '--data-dir', data], ENV);
    const report = JSON.parse(check.stdout) as {
      results: Array<{ client: string; ok: boolean; disagreement: boolean; sources: Array<{ path?: string }> }>;
    };
    const row = report.results.find((r) => r.client === 'urllib')!;
    expect(row.ok).toBe(true);
    expect(row.disagreement).toBe(false);
    expect(row.sources.some((s) => s.path?.startsWith(`${data}/urllib-ca-`))).toBe(true);
    expect(report.results.every((r) => !r.disagreement)).toBe(true);
    // The interpreters' probe sees it too.
    const pythons = await trustfix(['pythons', '--python', py, '--only-python', '--json', '--data-dir', data], ENV);
    expect(pythons.stdout).toContain('trustfix-urllib-ca.pth');

    const undo = await guarded(['undo', '--yes', '--data-dir', data]);
    expect(undo.exitCode, undo.stderr).toBe(0);
    expect(snapshot(venv)).toEqual(venvBefore);
    expect(readdirSync(data).filter((f) => f.startsWith('urllib-ca-'))).toEqual([]);
    expect((await urllib(py)).exitCode).not.toBe(0);
  }, 300_000);
});

// The start-up file on every Python TrustFix supports where urllib verifies (2.7.9+, 3.6-3.13): placed
// in a user site folder the test owns (PYTHONUSERBASE), which site.py reads at start-up exactly like
// a venv's site-packages, so no interpreter's own folders are written.
const PYTHONS = readdirSync('/root/.pyenv/versions', { withFileTypes: true })
  .filter((d) => d.isDirectory() && /^(2\.7|3\.(6|7|8|9|10|11|12|13))\./.test(d.name))
  .map((d) => `/root/.pyenv/versions/${d.name}/bin/python`)
  .filter(existsSync);
const OPEN = [
  'import sys',
  'try:\n    from urllib.request import urlopen\nexcept ImportError:\n    from urllib2 import urlopen',
  'print(urlopen(sys.argv[1], timeout=10).read().decode())',
].join('\n');

/** The urllib start-up files in `python`'s user site-packages (under a base folder of the test's own),
 * trusting a copy of the test root; the URL to ask (2.7's match_hostname knows no IP addresses: the
 * same server as localhost). */
async function installUrllibFile(
  python: string,
  base: string,
  env: Record<string, string>,
): Promise<{ site: string; cafile: string; target: string }> {
  const site = String(
    (await execa(python, ['-c', 'import site; print(site.getusersitepackages())'], { env })).stdout,
  ).trim();
  mkdirSync(site, { recursive: true });
  const cafile = join(base, 'extra-ca.pem');
  copyFileSync(join(dir, 'root.pem'), cafile);
  writeFileSync(join(site, `${PTH_BUNDLE_MODULE}.py`), pthBundleModule(cafile));
  writeFileSync(join(site, PTH_BUNDLE_PTH), PTH_BUNDLE_LINE);
  return { site, cafile, target: python.includes('/2.7.') ? url.replace('127.0.0.1', 'localhost') : url };
}

describe('the urllib start-up file on Python 2.7 and 3.6-3.13', () => {
  it.skipIf(PYTHONS.length === 0).each(PYTHONS)(
    '%s: trusts the file, does nothing without it, never breaks start-up',
    async (python) => {
      const base = join(dir, `userbase-${python.split('/').at(-3)}`);
      const env = { PYTHONUSERBASE: base, PYTHONNOUSERSITE: '' };
      const { site, cafile, target } = await installUrllibFile(python, base, env);
      const run = (code: string, extra: Record<string, string> = env) =>
        execa(python, ['-c', code, target], { reject: false, timeout: 60_000, env: extra });

      const without = await run(OPEN, {});
      expect(without.exitCode).not.toBe(0);
      expect(without.stderr).toContain('CERTIFICATE_VERIFY_FAILED');
      const ok = await run(OPEN);
      expect(ok.exitCode, ok.stderr).toBe(0);
      expect(ok.stdout).toContain('hello');
      // Nothing is imported at start-up (ssl is patched when first imported), and ssl.create_default_context
      // trusts the file as urllib does.
      expect((await run('import sys; print("ssl" in sys.modules)')).stdout.trim()).toBe('False');
      const ctx = await run(
        'import ssl; print(ssl.SSLContext.load_default_certs._trustfix, len(ssl.create_default_context().get_ca_certs()) > 0)',
      );
      expect(ctx.stdout.trim().replace(/[(),]/g, '')).toMatch(/^True True$/);
      // No compiled copy is left beside it (undo removes exactly the files it wrote).
      const compiled = (d: string): string[] =>
        readdirSync(d, { recursive: true })
          .map(String)
          .filter((f) => f.includes(PTH_BUNDLE_MODULE) && !f.endsWith('.py'));
      expect(compiled(site)).toEqual([]);
      // The bundle gone: verification as before, and not a word on stderr at start-up.
      rmSync(cafile);
      const gone = await run(OPEN);
      expect(gone.stderr).toContain('CERTIFICATE_VERIFY_FAILED');
      expect((await run('import ssl')).stderr).toBe('');
      // A broken module, or none: the interpreter starts as if nothing were there.
      writeFileSync(join(site, `${PTH_BUNDLE_MODULE}.py`), 'this is not python (\n');
      const broken = await run('import ssl; print("up")');
      expect([broken.exitCode, broken.stdout.trim(), broken.stderr]).toEqual([0, 'up', '']);
      rmSync(join(site, `${PTH_BUNDLE_MODULE}.py`));
      const none = await run('import ssl; print("up")');
      expect([none.exitCode, none.stdout.trim(), none.stderr]).toEqual([0, 'up', '']);
    },
    120_000,
  );

  it('the check engine sees the extra bundle in urllib on 2.7 and the newest 3.x (no DISAGREE row)', async (t) => {
    const picks = [PYTHONS.find((p) => p.includes('/2.7.')), PYTHONS.filter((p) => p.includes('/3.')).at(-1)].filter(
      (p): p is string => !!p,
    );
    if (picks.length === 0) t.skip('no pyenv interpreters');
    for (const python of picks) {
      const base = join(dir, `checkbase-${python.split('/').at(-3)}`);
      const env = { PYTHONUSERBASE: base, PIP_CONFIG_FILE: '/dev/null' };
      const { cafile, target } = await installUrllibFile(python, base, env);
      const check = await trustfix(
        ['check', target, '--python', python, '--json', '--data-dir', join(dir, 'data-check')],
        { env },
      );
      const report = JSON.parse(check.stdout) as {
        results: Array<{
          client: string;
          ok: boolean;
          disagreement: boolean;
          sources: Array<{ path?: string }>;
          pythonSays: { ok: boolean };
        }>;
      };
      const row = report.results.find((r) => r.client === 'urllib')!;
      expect(
        row.sources.map((s) => s.path),
        python,
      ).toContain(cafile);
      expect([row.ok, row.pythonSays.ok, row.disagreement], python).toEqual([true, true, false]);
    }
  }, 180_000);
});
