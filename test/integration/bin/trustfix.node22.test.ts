// The built CLI (`bin/trustfix.js` -> dist/) on Node 22.15, the floor `engines` promises (Wine 8 cannot
// start Node 24, so the Windows lane runs TrustFix on Node 22). Before: bin/trustfix.js refused every
// Node below 24. scripts/node22.sh takes Node 22.15.0 from the npm registry (.ci/run calls it first);
// the tests skip, with the reason in their title, only when it cannot be had.
import { execa, execaSync } from 'execa';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpsServer, type Running } from '../../helpers/checkServers.ts';
import { BIN, FIXTURES } from '../../helpers/cli.ts';
import { makePki } from '../../helpers/pki.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { ROOT } from '../../helpers/repoRoot.ts';

const BUILT = join(ROOT, 'dist/src-main/cli/main.js');
const PYTHON = join(homedir(), '.pyenv', 'versions', '3.11.7', 'bin', 'python');
const REF = ['--reference', `${FIXTURES}certifi-2026.05.20.pem`, '--at', '2026-11-23'];
const STORE = ['--system-store', `${FIXTURES}debian12-ca-certificates.crt`];

function getNode22(): { path: string; reason: string } {
  const run = execaSync('bash', [join(ROOT, 'scripts/node22.sh')], { reject: false, timeout: 330_000 });
  return run.exitCode === 0
    ? { path: run.stdout.trim(), reason: '' }
    : { path: '', reason: String(run.stderr).trim() || `exit ${run.exitCode}` };
}
const NODE22 = getNode22();

/** `npm test` builds first; a run of this file alone builds dist/ when it is missing or older than
 * the sources (Node 22.15 cannot run the TypeScript sources, so the launcher would refuse). */
function newestSource(): number {
  let newest = 0;
  for (const dir of ['src-main', 'assets/locales', 'assets/trust']) {
    for (const e of readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (e.isFile()) newest = Math.max(newest, statSync(join(e.parentPath, e.name)).mtimeMs);
    }
  }
  return newest;
}

const { dir, cleanup } = tempDir();
afterAll(cleanup);

async function run22(args: string[], env: Record<string, string> = {}) {
  const r = await execa(NODE22.path, [BIN, ...args], {
    reject: false,
    timeout: 120_000,
    env: { LANG: 'C.UTF-8', PIP_CONFIG_FILE: '/dev/null', ...env },
  });
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
}

describe.skipIf(!NODE22.path)(
  NODE22.path ? 'the built CLI on Node 22.15' : `the built CLI on Node 22.15: skipped, ${NODE22.reason}`,
  () => {
    beforeAll(async () => {
      if (!existsSync(BUILT) || statSync(BUILT).mtimeMs < newestSource()) {
        await execa(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], {
          cwd: ROOT,
          timeout: 300_000,
        });
      }
    }, 320_000);

    it('is Node 22.15.0, which cannot strip types: what runs is the build', () => {
      const r = execaSync(NODE22.path, ['-p', 'process.version + " " + Boolean(process.features.typescript)']);
      expect(r.stdout).toBe('v22.15.0 false');
    });

    it('scan --json judges the published bundles with the measured counts', async () => {
      const r = await run22([
        'scan',
        `${FIXTURES}certifi-2018.08.24.pem`,
        `${FIXTURES}certifi-2026.05.20.pem`,
        '--no-disk',
        '--json',
        ...REF,
        ...STORE,
      ]);
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(1); // a stale bundle is a problem found
      const report = JSON.parse(r.stdout);
      expect(report.reference).toMatchObject({ origin: 'file', certificates: 119 });
      expect(report.systemStore).toMatchObject({ certificates: 142 });
      const got = Object.fromEntries(
        report.bundles.map((b: any) => [b.path.split('/').pop(), [b.status, b.certificates, b.expired, b.missing]]),
      );
      expect(got).toEqual({
        'certifi-2018.08.24.pem': ['stale', 128, 17, 63],
        'certifi-2026.05.20.pem': ['current', 119, 0, 0],
      });
    });

    it('scan --no-disk with the built-in reference: the roots of this Node 22', async () => {
      const r = await run22(['scan', '--no-disk', '--json', ...STORE, '--data-dir', join(dir, 'data-scan')]);
      expect(r.stderr).toBe('');
      const report = JSON.parse(r.stdout);
      expect(report.reference.origin).toBe('builtin');
      expect(report.reference.label).toContain('22.15.0');
      expect(report.reference.certificates).toBeGreaterThan(100);
    });

    it.skipIf(!existsSync(PYTHON))('pythons --only-python probes a real Python 3.11', async () => {
      const r = await run22([
        'pythons',
        '--json',
        '--only-python',
        '--python',
        PYTHON,
        '--data-dir',
        join(dir, 'data-pythons'),
        ...REF,
      ]);
      expect(r.stderr).toBe('');
      const report = JSON.parse(r.stdout);
      expect(report.pythons).toHaveLength(1);
      expect(report.pythons[0]).toMatchObject({ version: '3.11.7', hasSni: true });
      expect(report.pythons[0].clients.pip).toMatchObject({ available: true });
      expect(report.pythons[0].clients.pip.version).toMatch(/^\d+\./);
    });

    describe.skipIf(!existsSync(PYTHON))('check against a TLS server on 127.0.0.1', () => {
      let server: Running;
      let withRoot: string;
      beforeAll(async () => {
        const pki = makePki(dir, 'TrustFix Node22 Test Root');
        const [key, leaf, root, certifi] = await Promise.all(
          [pki.leafKey, pki.leafPem, pki.rootPem, `${FIXTURES}certifi-2026.05.20.pem`].map((p) => readFile(p, 'utf8')),
        );
        server = await httpsServer({ key: key!, certChain: leaf! });
        withRoot = join(dir, 'with-root.pem');
        writeFileSync(withRoot, certifi! + root!);
      });
      afterAll(() => server?.close());

      const caEnv = (bundle: string) => ({ SSL_CERT_FILE: bundle, REQUESTS_CA_BUNDLE: bundle, PIP_CERT: bundle });
      const rows = (report: any) =>
        report.results.map(
          (x: any) => `${x.python === null ? 'bundle' : x.client}:${x.cause}:${x.pythonSays?.ok ?? '-'}`,
        );

      it('says the root is not trusted when the bundle lacks it, as Python itself does', async () => {
        const bundle = `${FIXTURES}certifi-2026.05.20.pem`;
        const r = await run22(
          [
            'check',
            `localhost:${server.port}`,
            '--python',
            PYTHON,
            '--bundle',
            bundle,
            '--system-store',
            bundle,
            '--json',
          ],
          caEnv(bundle),
        );
        expect(r.exitCode, r.stderr).toBe(1);
        const report = JSON.parse(r.stdout);
        expect(report).toMatchObject({
          host: 'localhost',
          port: server.port,
          summary: { results: 4, ok: 0, disagreements: 0 },
        });
        expect(rows(report)).toEqual([
          'urllib:untrusted-root:false',
          'requests:untrusted-root:false',
          'pip:untrusted-root:false',
          'bundle:untrusted-root:-',
        ]);
      });

      it('says it works when the bundle holds the root, and so does Python', async () => {
        const r = await run22(
          [
            'check',
            `localhost:${server.port}`,
            '--python',
            PYTHON,
            '--bundle',
            withRoot,
            '--system-store',
            withRoot,
            '--json',
          ],
          caEnv(withRoot),
        );
        expect(r.exitCode, r.stderr).toBe(0);
        const report = JSON.parse(r.stdout);
        expect(report.summary).toMatchObject({ results: 4, ok: 4, disagreements: 0 });
        expect(rows(report)).toEqual(['urllib:ok:true', 'requests:ok:true', 'pip:ok:true', 'bundle:ok:-']);
      });
    });
  },
);
