// A crowded machine's traps (issue 12): files named like bundles that are not regular files. Read,
// a `cacert.pem` link to /dev/zero grows the scan past gigabytes and a FIFO hangs it forever. Each is
// `broken` with its reason at once, nothing is read from it, and the real bundle beside it is judged.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, trustfix } from '../../../helpers/cli.ts';
import { tempDir } from '../../../helpers/tmp.ts';

const REF = `${FIXTURES}certifi-2026.05.20.pem`;
const STORE = `${FIXTURES}debian12-ca-certificates.crt`;
const common = ['--json', '--reference', REF, '--system-store', STORE, '--at', '2026-11-23'];
let dir: string;
let cleanup: () => void;
let socket: Server;

/** Each trap, in its own folder so every one is named cacert.pem, as a candidate by name. */
const TRAPS = { zero: 'device', urandom: 'device', fifo: 'pipe', socket: 'socket' } as const;
const at = (name: string): string => join(dir, name, 'cacert.pem');

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('trustfix-traps-'));
  for (const name of [...Object.keys(TRAPS), 'sparse', 'real']) mkdirSync(join(dir, name));
  symlinkSync('/dev/zero', at('zero'));
  symlinkSync('/dev/urandom', at('urandom'));
  execFileSync('mkfifo', [at('fifo')]);
  socket = createServer();
  await new Promise<void>((resolve) => socket.listen(at('socket'), resolve));
  // 2 GB that takes no space: its size alone says it is no CA bundle.
  writeFileSync(at('sparse'), '');
  truncateSync(at('sparse'), 2 * 1024 ** 3);
  copyFileSync(REF, at('real'));
});
afterAll(async () => {
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  cleanup();
});

const byName = (report: { bundles: Array<{ path: string; status: string; reason: { code: string } }> }) =>
  Object.fromEntries(report.bundles.map((b) => [b.path.slice(dir.length + 1).split('/')[0], b]));

describe('traps named like bundles', () => {
  it('scan of the folder: every trap is broken with its reason and the real bundle is judged', async () => {
    const run = await trustfix(['scan', dir, ...common], { timeout: 60_000 });
    expect(run.exitCode, run.stderr).toBe(1);
    const by = byName(JSON.parse(run.stdout));
    for (const [name, kind] of Object.entries(TRAPS)) {
      expect(by[name], name).toMatchObject({ status: 'broken', reason: { code: `bundles:verdict.read.${kind}` } });
    }
    expect(by.sparse).toMatchObject({ status: 'broken', reason: { code: 'bundles:verdict.read.too-large' } });
    expect(by.real).toMatchObject({ status: 'current', certificates: 119 });
  });

  it('a walk of the tree (--root) finishes and reports the same', async () => {
    const run = await trustfix(['scan', '--root', dir, '--no-index', ...common], { timeout: 60_000 });
    expect(run.exitCode, run.stderr).toBe(1);
    const by = byName(JSON.parse(run.stdout));
    expect(by.zero).toMatchObject({ status: 'broken', reason: { code: 'bundles:verdict.read.device' } });
    expect(by.fifo).toMatchObject({ status: 'broken', reason: { code: 'bundles:verdict.read.pipe' } });
    expect(by.real).toMatchObject({ status: 'current' });
  });

  it('--reference given a pipe fails at once with a sentence (exit 2); --system-store given a device is reported, not read', async () => {
    const ref = await trustfix(
      ['scan', at('real'), '--json', '--reference', at('fifo'), '--system-store', STORE, '--at', '2026-11-23'],
      { timeout: 60_000 },
    );
    expect(ref.exitCode).toBe(2);
    expect(ref.stderr).toContain(`Cannot read the reference bundle ${at('fifo')}: not a regular file: a pipe (FIFO)`);
    const store = await trustfix(
      ['scan', at('real'), '--json', '--reference', REF, '--system-store', at('zero'), '--at', '2026-11-23'],
      { timeout: 60_000 },
    );
    expect(store.exitCode, store.stderr).toBe(0);
    const report = JSON.parse(store.stdout);
    expect(report.systemStore).toMatchObject({
      certificates: 0,
      problem: { code: 'common:osStore.unreadable', params: { reason: 'device' } },
    });
    expect(report.bundles[0]).toMatchObject({ status: 'current' });
  });

  it('the human output names the reason in Chinese too', async () => {
    const run = await trustfix(
      [
        'scan',
        at('zero'),
        at('fifo'),
        '--lang',
        'zh-CN',
        '--no-color',
        '--reference',
        REF,
        '--system-store',
        STORE,
        '--at',
        '2026-11-23',
      ],
      { timeout: 60_000 },
    );
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('不是普通文件：它是一个设备');
    expect(run.stdout).toContain('不是普通文件：它是一个管道');
  });
});
