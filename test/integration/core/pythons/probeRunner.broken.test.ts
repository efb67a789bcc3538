// Interpreters that hang, print garbage, exit 1 or do not exist: each a clear error within the
// timeout, never a stuck scan.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProbe } from '../../../../src-main/core/pythons/probeRunner.ts';
import { trustfix } from '../../../helpers/cli.ts';
import { tempDir } from '../../../helpers/tmp.ts';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

function fake(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

const hang = fake('python-hang', 'exec sleep 60');
const garbage = fake('python-garbage', 'echo "Hello, I am definitely not Python"');
const exit1 = fake('python-exit1', 'echo "Fatal Python error: init_fs_encoding" >&2\nexit 1');
const missing = join(dir, 'python-gone');

describe('broken interpreters', () => {
  it('a hanging interpreter is stopped at the timeout with a clear message', async () => {
    const started = Date.now();
    const r = await runProbe(hang, { timeoutMs: 1500 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toEqual({ code: 'pythons:error.timeout', params: { path: hang, seconds: 1.5 } });
  });

  it('garbage, exit 1 and a missing file each say what happened', async () => {
    const [g, e, m] = await Promise.all([
      runProbe(garbage, { timeoutMs: 5000 }),
      runProbe(exit1, { timeoutMs: 5000 }),
      runProbe(missing, { timeoutMs: 5000 }),
    ]);
    expect(!g.ok && g.error).toMatchObject({
      code: 'pythons:error.garbage',
      params: { sample: 'Hello, I am definitely not Python' },
    });
    expect(!e.ok && e.error).toMatchObject({
      code: 'pythons:error.exit',
      params: { code: 1, detail: 'Fatal Python error: init_fs_encoding' },
    });
    expect(!m.ok && m.error).toMatchObject({ code: 'pythons:error.notFound' });
  });

  it('the CLI lists them side by side, in parallel, within the timeout, and exits 1', async () => {
    const started = Date.now();
    const args = [
      'pythons',
      '--only-python',
      '--python',
      hang,
      '--python',
      garbage,
      '--python',
      exit1,
      '--python',
      missing,
      '--probe-timeout',
      '2',
      '--data-dir',
      join(dir, 'data'),
    ];
    const run = await trustfix([...args, '--json']);
    expect(Date.now() - started).toBeLessThan(12_000);
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout);
    const errors = Object.fromEntries(report.pythons.map((p: any) => [p.executable.split('/').pop(), p.error.code]));
    expect(errors).toEqual({
      'python-hang': 'pythons:error.timeout',
      'python-garbage': 'pythons:error.garbage',
      'python-exit1': 'pythons:error.exit',
      'python-gone': 'pythons:error.notFound',
    });
    const human = await trustfix(args);
    expect(human.stdout).toContain('did not answer within 2 s');
    expect(human.stdout).toContain('exited with code 1');
    expect(human.stdout).toContain('4 interpreter(s)');
    const zh = await trustfix([...args, '--lang', 'zh-CN']);
    expect(zh.stdout).toContain('无法探测');
  });
});
