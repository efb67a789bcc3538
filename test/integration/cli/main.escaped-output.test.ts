// A folder name with a newline and an escape sequence cannot fake lines or move the cursor in what the
// CLI prints (issue 12, escaped output): paths in the scan table, plans and refusals are shown escaped.
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shown } from '../../../assets/locales/shown.ts';
import { FIXTURES, trustfix } from '../../helpers/cli.ts';
import { tempDir } from '../../helpers/tmp.ts';

const REF = `${FIXTURES}certifi-2026.05.20.pem`;
const STORE = `${FIXTURES}debian12-ca-certificates.crt`;
const PRIVATE_CAS = fileURLToPath(new URL('../../fixtures/misc/appended-private-cas.pem', import.meta.url));
const common = ['--no-color', '--reference', REF, '--system-store', STORE, '--at', '2026-11-23'];
let dir: string;
let cleanup: () => void;
let evil: string;

beforeAll(() => {
  ({ dir, cleanup } = tempDir('trustfix-escape-'));
  const folder = join(dir, 'evil\nTrustFix: all good, nothing to do\u001b[2J');
  mkdirSync(folder);
  evil = join(folder, 'cacert.pem');
  copyFileSync(`${FIXTURES}certifi-2022.12.07.pem`, evil);
});
afterAll(() => cleanup());

const noRawControl = (text: string): void => {
  expect(text).not.toContain('\u001b');
  expect(text.split('\n').some((line) => line.startsWith('TrustFix: all good'))).toBe(false);
};

describe('control characters in names', () => {
  it('shown() escapes control characters and leaves printable text, Chinese and backslashes alone', () => {
    expect(shown('a\nb\tc\u001b[2J\u0007')).toBe('a\\nb\\tc\\e[2J\\x07');
    expect(shown('C:\\Users\\张三\\cacert.pem')).toBe('C:\\Users\\张三\\cacert.pem');
  });

  it('shown() escapes the bidirectional controls that reorder text, and separators past U+00FF as \\uXXXX', () => {
    expect(shown('evil\u202egnp.exe')).toBe('evil\\u202egnp.exe');
    expect(shown('\u2066a\u2069\u200f\u061c\u2028')).toBe('\\u2066a\\u2069\\u200f\\u061c\\u2028');
    expect(shown('out\nput\u202e', true)).toBe('out\nput\\u202e');
  });

  it('the scan table and the broken list show the path escaped', async () => {
    const run = await trustfix(['scan', dir, ...common]);
    expect(run.exitCode, run.stderr).toBe(1);
    noRawControl(run.stdout);
    expect(run.stdout).toContain('TrustFix: all good, nothing to do\\e[2J');
  });

  it('a plan names the path escaped, in English and in Chinese', async () => {
    for (const lang of ['en', 'zh-CN']) {
      const run = await trustfix([
        'append',
        '--to',
        evil,
        PRIVATE_CAS,
        '--lang',
        lang,
        '--data-dir',
        join(dir, 'data'),
        ...common,
      ]);
      expect(run.exitCode, run.stderr).toBe(0);
      noRawControl(run.stdout);
      expect(run.stdout).toContain('evil\\nTrustFix: all good, nothing to do\\e[2J/cacert.pem');
    }
  });

  it('history and undo show a path with a newline, an escape and a bidi override escaped', async () => {
    const folder = join(dir, 'hist\nTrustFix: nothing was changed\u001b[2J\u202egnp.exe');
    mkdirSync(folder);
    const bundle = join(folder, 'cacert.pem');
    copyFileSync(`${FIXTURES}certifi-2022.12.07.pem`, bundle);
    const data = ['--data-dir', join(dir, 'hist-data')];
    const applied = await trustfix(['append', '--to', bundle, PRIVATE_CAS, '--yes', ...data, ...common]);
    expect(applied.exitCode, applied.stderr).toBe(0);
    const escaped = 'hist\\nTrustFix: nothing was changed\\e[2J\\u202egnp.exe/cacert.pem';
    for (const args of [['history'], ['undo', '--yes']]) {
      const run = await trustfix([...args, ...data, ...common]);
      expect(run.exitCode, run.stderr).toBe(0);
      const text = run.stdout + run.stderr;
      expect(text).not.toContain('\u001b');
      expect(text).not.toContain('\u202e');
      expect(text.split('\n').some((line) => /^[\s│]*TrustFix: nothing was changed/.test(line))).toBe(false);
      expect(text.replace(/[\s│]+/g, ''), args[0]).toContain(escaped.replace(/\s+/g, ''));
    }
  });
});
