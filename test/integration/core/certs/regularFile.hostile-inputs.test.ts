// Only regular files are read, everywhere a file is read (issue 12): an append source, a repair's
// target, refresh's downloaded bundle, --reference, --system-store, a package's __init__.py beside a
// bundle, pip's configuration. A FIFO in any of these places would hang the command forever and a
// link to /dev/zero grow it without bound; each is refused or reported at once, with its reason.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPyenvShim, selectedVersions } from '../../../../src-main/core/pythons/shims.ts';
import { identify } from '../../../../src-main/core/repair/pathGuard.ts';
import { filesOf, Folder, openNoFollow } from '../../../../src-main/core/repair/safeFile.ts';
import { FIXTURES, trustfix } from '../../../helpers/cli.ts';
import { tempDir } from '../../../helpers/tmp.ts';
import { Problem } from '../../../../src-main/core/messages.ts';

const REF = `${FIXTURES}certifi-2026.05.20.pem`;
const STORE = `${FIXTURES}debian12-ca-certificates.crt`;
const STALE = `${FIXTURES}certifi-2022.12.07.pem`;
const PRIVATE_CAS = fileURLToPath(new URL('../../../fixtures/misc/appended-private-cas.pem', import.meta.url));
/** Each run must end well before this: a hang shows as exit -1 (killed), not as a slow pass. */
const PROMPT = { timeout: 30_000 };
let dir: string;
let cleanup: () => void;
let fifo: string;
let zero: string;
let real: string;
let common: string[];

beforeAll(() => {
  ({ dir, cleanup } = tempDir('trustfix-hostile-'));
  for (const name of ['fifo', 'zero', 'real']) mkdirSync(join(dir, name));
  fifo = join(dir, 'fifo', 'cacert.pem');
  zero = join(dir, 'zero', 'cacert.pem');
  real = join(dir, 'real', 'cacert.pem');
  execFileSync('mkfifo', [fifo]);
  symlinkSync('/dev/zero', zero);
  copyFileSync(STALE, real);
  common = [
    '--no-color',
    '--reference',
    REF,
    '--system-store',
    STORE,
    '--at',
    '2026-11-23',
    '--data-dir',
    join(dir, 'data'),
  ];
});
afterAll(() => cleanup());

describe('append and refresh read only regular files', () => {
  it('append with a FIFO as the certificate file is refused at once, saying it is a pipe', async () => {
    const run = await trustfix(['append', '--to', real, fifo, ...common], PROMPT);
    expect(run.exitCode, run.stderr).toBe(2);
    expect(run.stderr).toContain(`Refused: cannot read ${fifo}: not a regular file: a pipe (FIFO)`);
  });

  it('append with a link to /dev/zero as the certificate file is refused at once, saying it is a device', async () => {
    const run = await trustfix(['append', '--to', real, zero, ...common], PROMPT);
    expect(run.exitCode, run.stderr).toBe(2);
    expect(run.stderr).toContain(`Refused: cannot read ${zero}: not a regular file: a device`);
  });

  it('append to a FIFO or a device names what it is (was: "not a CA bundle that a scan found")', async () => {
    for (const [target, kind] of [
      [fifo, 'a pipe (FIFO)'],
      [zero, 'a device'],
    ] as const) {
      const run = await trustfix(['append', '--to', target, PRIVATE_CAS, ...common], PROMPT);
      expect(run.exitCode, run.stderr).toBe(2);
      expect(run.stderr).toContain(`not a regular file: ${kind}`);
    }
  });

  it('refresh of a FIFO names what it is, in English and in Chinese', async () => {
    const en = await trustfix(['refresh', fifo, ...common], PROMPT);
    expect(en.exitCode, en.stderr).toBe(2);
    expect(en.stderr).toContain(`Refused: cannot read ${fifo}: not a regular file: a pipe (FIFO)`);
    const zh = await trustfix(['refresh', fifo, ...common, '--lang', 'zh-CN'], PROMPT);
    expect(zh.exitCode, zh.stderr).toBe(2);
    expect(zh.stderr).toContain('不是普通文件：它是一个管道');
  });

  it('refresh --from a FIFO (the downloaded bundle) is refused with the reason, and the bundle is untouched', async () => {
    const run = await trustfix(['refresh', real, '--from', fifo, '--sha256', '00', '--yes', ...common], PROMPT);
    expect(run.exitCode, run.stderr).toBe(2);
    expect(run.stderr).toContain(`cannot read ${fifo}: not a regular file: a pipe (FIFO)`);
    expect(execFileSync('cmp', [STALE, real]).length).toBe(0);
  });
});

describe('--reference and --system-store', () => {
  it('--reference FIFO fails at once with a translated reason (was: "(pipe)")', async () => {
    const run = await trustfix(
      ['scan', real, '--no-color', '--reference', fifo, '--system-store', STORE, '--at', '2026-11-23'],
      PROMPT,
    );
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`Cannot read the reference bundle ${fifo}: not a regular file: a pipe (FIFO)`);
    const zh = await trustfix(
      ['scan', real, '--lang', 'zh-CN', '--reference', fifo, '--system-store', STORE, '--at', '2026-11-23'],
      PROMPT,
    );
    expect(zh.exitCode).toBe(2);
    expect(zh.stderr).toContain('不是普通文件：它是一个管道');
  });

  it('--system-store linked to /dev/zero is reported with the reason and the scan goes on', async () => {
    const run = await trustfix(
      ['scan', real, '--no-color', '--reference', REF, '--system-store', zero, '--at', '2026-11-23'],
      PROMPT,
    );
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.stdout).toContain(`Cannot read the system store file ${zero}: not a regular file: a device`);
    expect(run.stdout).toMatch(/stale\s.*cacert\.pem/);
  });
});

describe('files read beside a bundle and for discovery', () => {
  it("a FIFO named like the package's __init__.py does not hang judging the bundle beside it", async () => {
    const pkg = join(dir, 'site', 'certifi');
    mkdirSync(pkg, { recursive: true });
    copyFileSync(STALE, join(pkg, 'cacert.pem'));
    execFileSync('mkfifo', [join(pkg, '__init__.py')]);
    const run = await trustfix(
      ['scan', join(pkg, 'cacert.pem'), '--json', '--reference', REF, '--system-store', STORE, '--at', '2026-11-23'],
      PROMPT,
    );
    expect(run.exitCode, run.stderr).toBe(1);
    expect(JSON.parse(run.stdout).bundles[0]).toMatchObject({ status: 'stale', owner: { kind: 'certifi' } });
  });

  it('a FIFO as pip.conf (PIP_CONFIG_FILE) does not hang the search of the known places', async () => {
    const conf = join(dir, 'pip.conf');
    execFileSync('mkfifo', [conf]);
    const run = await trustfix(
      [
        'scan',
        '--no-disk',
        '--no-index',
        '--no-pythons',
        '--json',
        '--reference',
        REF,
        '--system-store',
        STORE,
        '--at',
        '2026-11-23',
      ],
      {
        ...PROMPT,
        env: { PIP_CONFIG_FILE: conf, HOME: join(dir, 'home') },
      },
    );
    expect([0, 1], run.stderr).toContain(run.exitCode);
    expect(Array.isArray(JSON.parse(run.stdout).bundles)).toBe(true);
  });
});

/** A hang shows as 'hung' after 5 s (the blocked open stays in the thread pool; the test file ends anyway). */
const settle = <T>(p: Promise<T>): Promise<T | 'hung'> =>
  Promise.race([p, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 5_000))]);

describe('pyenv files a neighbour can plant', () => {
  it('a FIFO named .python-version in a parent folder, or named like python3 on PATH, is not waited on', async () => {
    const work = join(dir, 'shared', 'project');
    mkdirSync(work, { recursive: true });
    execFileSync('mkfifo', [join(dir, 'shared', '.python-version')]);
    const ctx = {
      env: { PYENV_ROOT: join(dir, 'no-pyenv') },
      cwd: work,
      home: join(dir, 'home'),
      win: false,
      pyenvRoot: join(dir, 'no-pyenv'),
    };
    expect(await settle(selectedVersions(ctx))).toEqual(['system']);
    execFileSync('mkfifo', [join(dir, 'shared', 'python3')]);
    expect(await settle(isPyenvShim(join(dir, 'shared', 'python3'), ctx))).toBe(false);
  });
});

describe("the repair engine's reads of a target", () => {
  it('openNoFollow (the write path) refuses a FIFO at the name instead of waiting for a writer', async () => {
    const folder = await Folder.open(join(dir, 'fifo'), filesOf());
    try {
      const got = await settle(openNoFollow(folder, 'cacert.pem').catch((e: unknown) => e));
      expect(got).toBeInstanceOf(Problem);
      expect((got as Problem).problem).toMatchObject({ code: 'repair:refused.unreadable', params: { reason: 'pipe' } });
    } finally {
      await folder.close();
    }
  });

  it('identify (planning) refuses a FIFO and a device by what the opened file is', async () => {
    for (const [path, reason] of [
      [fifo, 'pipe'],
      [zero, 'device'],
    ] as const) {
      const got = await settle(identify(path).catch((e: unknown) => e));
      expect(got).toBeInstanceOf(Problem);
      expect((got as Problem).problem).toMatchObject({ code: 'repair:refused.unreadable', params: { reason } });
    }
  });
});
