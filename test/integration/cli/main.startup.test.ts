// What starting `trustfix` loads (issue 16: start-up within 1.5x of `node -e 0`). Time is measured
// by `npm run bench` (scripts/bench/05-startup.mjs), never here; this proves the reasons it is fast:
// `--version` loads no translation table, no i18next and nothing of core, and judging named files
// loads no subprocess library and not the module holding both languages' tables. A module hook in the child
// (Node's module.registerHooks) writes every module URL it loads to a file.
import { execa } from 'execa';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, FIXTURES } from '../../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'trustfix-startup-'));
const hook = join(dir, 'record.mjs');
writeFileSync(
  hook,
  `import { registerHooks } from 'node:module';
import { appendFileSync } from 'node:fs';
registerHooks({ load(url, context, next) { appendFileSync(process.env.LOADED_LOG, url + '\\n'); return next(url, context); } });
`,
);

async function loadedBy(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ urls: string[]; stdout: string; exitCode: number }> {
  const log = join(dir, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(log, '');
  const r = await execa(process.execPath, ['--import', hook, CLI, ...args], {
    reject: false,
    timeout: 120_000,
    env: { LOADED_LOG: log, ...env },
  });
  return {
    urls: readFileSync(log, 'utf8').split('\n').filter(Boolean),
    stdout: String(r.stdout),
    exitCode: r.exitCode ?? -1,
  };
}

const matching = (urls: string[], re: RegExp): string[] => urls.filter((u) => re.test(u));

describe('what starting trustfix loads', () => {
  it('--version: no table, no i18next, no core module, no subprocess library', async () => {
    const r = await loadedBy(['--version'], { LANG: 'zh_CN.UTF-8' });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(matching(r.urls, /src-main\/cli\/main\.ts$/)).toHaveLength(1); // the hook saw the CLI load
    expect(matching(r.urls, /assets\/locales\/.*\.json$/)).toEqual([]);
    expect(matching(r.urls, /node_modules\/(i18next|execa|zod|pkijs|@peculiar)\//)).toEqual([]);
    expect(matching(r.urls, /src-main\/core\//)).toEqual([]);
  });

  it('judging named files in Chinese: no module holding every table of both languages, no subprocess library', async () => {
    const reference = join(FIXTURES, 'certifi-2026.05.20.pem');
    const r = await loadedBy([
      'scan',
      join(FIXTURES, 'certifi-2016.02.28.pem'),
      '--reference',
      reference,
      '--system-store',
      reference,
      '--at',
      '2026-11-23',
      '--lang',
      'zh-CN',
    ]);
    expect(r.stdout).toContain('过时'); // the table was translated: the tables were read after all
    expect(matching(r.urls, /node_modules\/execa\//)).toEqual([]);
    // cli/i18n.ts reads the chosen language's files with readFileSync: no table is imported as a module.
    expect(matching(r.urls, /assets\/locales\/(en|zh-CN)\/.*\.json$/)).toEqual([]);
    expect(matching(r.urls, /assets\/locales\/resources\.ts$/)).toEqual([]);
  });
});
