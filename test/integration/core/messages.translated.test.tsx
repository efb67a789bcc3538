// Errors for people, one type (issue 17): whatever core, the API or the CLI throws for a person is a
// Problem carrying a Message, and both UIs translate it. A repair refused because another TrustFix
// process holds the target's lock reads, in zh-CN, as the Chinese sentence in the app (the renderer
// translating the API's Message) and in the CLI (`--lang zh-CN`). So does a refusal that leaves an
// API handler (it used to arrive as "<channel> failed: repair:refused.unreadable", a raw code in an
// English frame) and a bad option of the CLI (it used to be an English "--timeout: abc").
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-main/api/dispatch.ts';
import { createSession, type Session } from '../../../src-main/api/session.ts';
import type { ApplyResult, Message, Plan, ScanResults, UploadResult } from '../../../src-main/api/types.ts';
import { resources } from '../../../assets/locales/resources.ts';
import { Problem } from '../../../src-renderer/components/common.tsx';
import { setupI18n } from '../../../src-renderer/i18n.ts';
import { FIXTURES, trustfix } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

const WORKER = fileURLToPath(new URL('../../helpers/lockWorker.ts', import.meta.url));
const REF = `${FIXTURES}certifi-2026.05.20.pem`;
const STORE = `${FIXTURES}debian12-ca-certificates.crt`;
const zh = (ns: string, key: string): string =>
  (resources['zh-CN'] as Record<string, Record<string, string>>)[ns]![key]!;
/** The fixed part of a Chinese sentence: its text up to the first placeholder. */
const zhHead = (ns: string, key: string): string => zh(ns, key).split('{{')[0]!;

let dir: string;
let cleanup: () => void;
let session: Session;
let data: string;
let stale: string;
let i18n: ReturnType<typeof setupI18n>;

async function call<T>(channel: string, request: unknown): Promise<T> {
  const r = await dispatch(session, channel, request);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

const firstPem = (text: string): string =>
  `${text.slice(text.indexOf('-----BEGIN CERTIFICATE-----'), text.indexOf('-----END CERTIFICATE-----'))}-----END CERTIFICATE-----\n`;

/** What the app shows for a problem, in Chinese. */
function shownInChinese(message: Message | undefined): string {
  return renderToStaticMarkup(<Problem message={message} />);
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('trustfix-problem-'));
  stale = join(dir, 'tree', 'old', 'certifi', 'cacert.pem');
  await mkdir(join(stale, '..'), { recursive: true });
  await copyFile(join(FIXTURES, 'certifi-2016.02.28.pem'), stale);
  data = join(dir, 'data');
  session = await createSession({
    dataDir: data,
    roots: [join(dir, 'tree')],
    pythons: [],
    onlyPython: true,
    env: { PIP_CONFIG_FILE: '/dev/null' },
    shell: 'browser',
    progressMs: 20,
  });
  const done = new Promise((resolve) => session.onEvent((e, p) => e === 'scan.done' && resolve(p)));
  await call('scan.start', {});
  await done;
  i18n = setupI18n();
  await i18n.changeLanguage('zh-CN');
}, 120_000);
afterAll(() => cleanup?.());

describe('a problem reaches both UIs in Chinese', () => {
  it('another TrustFix process holds the lock: the app and `--lang zh-CN` both say so in Chinese', async () => {
    const holder = execa(process.execPath, [WORKER, data, join(dir, 'lock.log'), 'hold', '', stale], {
      reject: false,
      timeout: 90_000,
    });
    try {
      await new Promise<void>((resolve) =>
        holder.stdout!.on('data', (b: Buffer) => b.toString().includes('held') && resolve()),
      );
      const row = (await call<ScanResults>('scan.results', {})).rows.find((r) => r.path === stale)!;
      const plan = await call<Plan>('bundle.planRefresh', { id: row.id });
      expect(plan.steps.map((s) => s.kind)).toEqual(['refresh']);
      // Both wait for the lock (LOCK_WAIT_MS) at the same time.
      const [applied, cli] = await Promise.all([
        call<ApplyResult>('plan.apply', { planId: plan.planId }),
        trustfix(
          [
            'refresh',
            stale,
            '--yes',
            '--lang',
            'zh-CN',
            '--data-dir',
            data,
            '--reference',
            REF,
            '--system-store',
            STORE,
            '--at',
            '2026-11-23',
          ],
          { env: { TRUSTFIX_LANG: '', LANG: 'C' } },
        ),
      ]);
      expect(applied.ok).toBe(false);
      expect(applied.problems[0]).toEqual({ code: 'repair:refused.locked', params: { path: stale } });
      const app = shownInChinese(applied.problems[0]);
      expect(app).toContain(zhHead('repair', 'refused.locked'));
      expect(app).not.toContain('another TrustFix process');
      expect(cli.exitCode, cli.stderr).not.toBe(0);
      expect(cli.stderr).toContain(zhHead('repair', 'refused.locked'));
      expect(cli.stderr).not.toContain('another TrustFix process');
    } finally {
      holder.kill('SIGKILL');
      await holder;
    }
  }, 90_000);

  it('a refusal thrown out of an API handler arrives as its own sentence, not as "failed: CODE"', async () => {
    const row = (await call<ScanResults>('scan.results', {})).rows.find((r) => r.path === stale)!;
    const upload = await call<UploadResult>('upload.pem', {
      name: 'corp-root.pem',
      text: firstPem(readFileSync(REF, 'utf8')),
    });
    // The uploaded copy in the data folder is gone by the time the plan is made.
    await rm(join(data, 'uploads'), { recursive: true, force: true });
    const r = await dispatch(session, 'bundle.planAppend', { id: row.id, uploadId: upload.uploadId });
    expect(r.ok).toBe(false);
    const error = (r as { ok: false; error: Message }).error;
    expect(error.code).toBe('repair:refused.unreadable');
    expect(shownInChinese(error)).toContain(zhHead('repair', 'refused.unreadable'));
  });

  it('a bad option of the CLI is a sentence from the tables, in Chinese with --lang zh-CN', async () => {
    const run = await trustfix(
      ['check', 'https://127.0.0.1:9/', '--timeout', 'abc', '--lang', 'zh-CN', '--data-dir', data],
      { env: { TRUSTFIX_LANG: '', LANG: 'C' } },
    );
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(zhHead('check', 'cli.badTimeout'));
  });
});
