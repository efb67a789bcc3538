// Issue 16, "identical causes computed once": within one check, clients that trust the same
// certificates with the same verification profile get one judgement (evaluate runs once), and
// the rows say exactly what they said when each was judged on its own.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createContext } from '../../../../src-main/core/context.ts';
import { checkHost } from '../../../../src-main/core/diagnose/check.ts';
import type { CheckReport, CheckResult } from '../../../../src-main/core/diagnose/types.ts';
import { makeCert } from '../../../helpers/checkPki.ts';
import { httpsServer, type Running } from '../../../helpers/checkServers.ts';

const counted = vi.hoisted(() => ({ evaluations: 0 }));
vi.mock('../../../../src-main/core/diagnose/evaluate.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../../src-main/core/diagnose/evaluate.ts')>();
  return {
    ...real,
    evaluate: (...args: Parameters<typeof real.evaluate>) => {
      counted.evaluations++;
      return real.evaluate(...args);
    },
  };
});

// Two venvs of one interpreter: same OpenSSL, same profile, the same trust through SSL_CERT_FILE.
const BASE = ['3.12.1', '3.11.7', '3.13.0']
  .map((v) => join(homedir(), '.pyenv', 'versions', v, 'bin', 'python3'))
  .find((p) => existsSync(p));

let dir: string;
let server: Running;
let store: string;
let other: string;
const copies: string[] = [];
const venvPythons: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trustfix-judgements-'));
  const root = makeCert({ cn: 'Judgement Root', ca: true });
  const inter = makeCert({ cn: 'Judgement Issuing CA', ca: true, issuer: root });
  const leaf = makeCert({ cn: 'localhost', issuer: inter, dns: ['localhost'] });
  server = await httpsServer({ key: leaf.keyPem, certChain: leaf.pem + inter.pem });
  store = join(dir, 'store.pem');
  await writeFile(store, root.pem);
  // Three copies of one bundle at three paths (as three venvs' certifi), and one that differs.
  for (const name of ['a', 'b', 'c']) {
    const copy = join(dir, name, 'cacert.pem');
    await mkdir(join(dir, name));
    await copyFile(store, copy);
    copies.push(copy);
  }
  other = join(dir, 'other.pem');
  await writeFile(other, makeCert({ cn: 'Unrelated Root', ca: true }).pem);
  if (BASE) {
    for (const name of ['venv-a', 'venv-b']) {
      execFileSync(BASE, ['-m', 'venv', '--without-pip', join(dir, name)]);
      venvPythons.push(join(dir, name, 'bin', 'python'));
    }
  }
}, 60_000);

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  counted.evaluations = 0;
});

const env = (): NodeJS.ProcessEnv => {
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    SSL_CERT_FILE: store,
    SSL_CERT_DIR: join(dir, 'a'),
    PIP_CONFIG_FILE: '/dev/null',
  };
  for (const k of [
    'HTTPS_PROXY',
    'https_proxy',
    'HTTP_PROXY',
    'http_proxy',
    'ALL_PROXY',
    'all_proxy',
    'REQUESTS_CA_BUNDLE',
    'CURL_CA_BUNDLE',
  ])
    delete e[k];
  return e;
};

async function check(options: { interpreters?: string[]; bundles?: string[] }): Promise<CheckReport> {
  const ctx = await createContext({ systemStoreFile: store });
  return checkHost({
    target: { host: 'localhost', port: server.port, url: `https://localhost:${server.port}/` },
    interpreters: options.interpreters ?? [],
    bundles: options.bundles ?? [],
    ctx,
    env: env(),
    timeoutMs: 5000,
  });
}

/** What a row says, without who it is about. */
const verdict = (r: CheckResult): unknown => ({
  ok: r.ok,
  cause: r.cause,
  detail: r.detail,
  notes: r.notes,
  path: r.path,
  strict: r.strict,
  repairs: r.repairs,
});

describe('identical causes are computed once', () => {
  it('three copies of one bundle at three paths: one judgement, three rows; a different bundle: its own', async () => {
    const report = await check({ bundles: [...copies, other] });
    expect(report.results).toHaveLength(4);
    expect(counted.evaluations).toBe(2);
    const [a, b, c, d] = report.results;
    expect(a!.cause).toBe('ok');
    expect(verdict(b!)).toEqual(verdict(a!));
    expect(verdict(c!)).toEqual(verdict(a!));
    expect(d!.cause).not.toBe('ok');
    // The same rows as when each copy is judged in a check of its own.
    counted.evaluations = 0;
    const alone = await check({ bundles: [copies[1]!] });
    expect(counted.evaluations).toBe(1);
    expect(verdict(alone.results[0]!)).toEqual(verdict(b!));
  });

  it.skipIf(!BASE)(
    'two interpreters reading one bundle with one profile: one judgement for both',
    async () => {
      const report = await check({ interpreters: venvPythons });
      expect(report.interpreterErrors).toEqual([]);
      const rows = report.results.filter((r) => r.client === 'urllib');
      expect(rows.map((r) => r.python)).toEqual(venvPythons);
      expect(rows.every((r) => r.ok && r.pythonSays?.ok === true)).toBe(true);
      expect(counted.evaluations).toBe(1);
      // Identical to the row the first venv gets when it is checked alone.
      const alone = await check({ interpreters: [venvPythons[0]!] });
      expect(verdict(rows[1]!)).toEqual(verdict(alone.results.find((r) => r.client === 'urllib')!));
    },
    60_000,
  );
});
