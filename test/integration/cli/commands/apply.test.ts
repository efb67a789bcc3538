// `trustfix apply PLAN.json` on a target machine: the plan file `plan trust ROOT --for ENGINE` wrote is
// applied without questions by the repair engine (journal, read-back), touches only the clients the
// plan names, and `trustfix undo` takes it back byte for byte. A plan file whose root no longer hashes to
// the SHA-256 it names, one written for another OS, or one that is not a plan, is refused before
// anything is planned, with nothing changed.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trustfix } from '../../../helpers/cli.ts';
import { tempDir } from '../../../helpers/tmp.ts';
import { makeUpstreamPki } from '../../../helpers/upstreamPki.ts';

describe('apply PLAN.json', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const home = join(tmp.dir, 'home');
  mkdirSync(home);
  const pki = makeUpstreamPki(tmp.dir, 'TrustFix Apply Test Root');
  mkdirSync(join(tmp.dir, 'other'));
  const other = makeUpstreamPki(join(tmp.dir, 'other'), 'TrustFix Other Root');
  // No pyenv, no Python clients: the plan names curl alone, and only curl may change.
  const env = { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: home, LANG: 'C.UTF-8' };
  const run = (args: string[]) => trustfix(['--data-dir', join(tmp.dir, 'data'), ...args], { env, extendEnv: false });
  const out = join(tmp.dir, 'out');
  const planFile = join(out, 'plan.json');
  const homeFiles = () =>
    readdirSync(home)
      .filter((n) => n !== '.npm')
      .sort();

  it('applies the plan for the clients it names, journals it, and undo takes it back', async () => {
    const planned = await run(['plan', 'trust', pki.rootPem, '--for', 'ansible', '--out', out, '--only', 'curl']);
    expect(planned.exitCode, planned.stderr).toBe(0);
    expect(homeFiles()).toEqual([]);

    const applied = await run(['apply', planFile]);
    expect(applied.exitCode, applied.stderr).toBe(0);
    expect(homeFiles()).toEqual(['.curlrc']);
    const curlrc = readFileSync(join(home, '.curlrc'), 'utf8');
    const bundle = /cacert = "([^"]+)"/.exec(curlrc)?.[1];
    expect(bundle).toBeDefined();
    const lf = (text: string) => text.replace(/\r\n/g, '\n').trim();
    expect(lf(readFileSync(bundle!, 'utf8'))).toContain(lf(readFileSync(pki.rootPem, 'utf8')));

    const history = await run(['history', '--json']);
    const { entries } = JSON.parse(history.stdout) as {
      entries: Array<{ id: string; command: string; state: string }>;
    };
    const entry = entries.find((e) => e.command === 'apply');
    expect(entry?.state).toBe('applied');

    const undone = await run(['undo', entry!.id, '--yes']);
    expect(undone.exitCode, undone.stderr).toBe(0);
    expect(homeFiles()).toEqual([]);
  });

  it('refuses a plan whose root does not hash to the SHA-256 it names, and changes nothing', async () => {
    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as { fleetPlan: { root: { pem: string } } };
    plan.fleetPlan.root.pem = readFileSync(other.rootPem, 'utf8');
    const swapped = join(tmp.dir, 'swapped.json');
    writeFileSync(swapped, JSON.stringify(plan));
    const r = await run(['apply', swapped]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('does not match the SHA-256 the plan names');
    expect(homeFiles()).toEqual([]);
  });

  it('refuses a plan for another OS, a file that is not a plan, and one that is not there', async () => {
    const plan = JSON.parse(readFileSync(planFile, 'utf8')) as { fleetPlan: { os: string } };
    plan.fleetPlan.os = 'windows';
    const windows = join(tmp.dir, 'windows.json');
    writeFileSync(windows, JSON.stringify(plan));
    const r1 = await run(['apply', windows]);
    expect(r1.exitCode).toBe(2);
    expect(r1.stderr).toContain('written for windows machines');

    const notPlan = join(tmp.dir, 'not-a-plan.json');
    writeFileSync(notPlan, JSON.stringify({ hello: 'world' }));
    const r2 = await run(['apply', notPlan, '--lang', 'zh-CN']);
    expect(r2.exitCode).toBe(2);
    expect(r2.stderr).toContain('不是 `trustfix plan trust` 写出的计划文件');

    const r3 = await run(['apply', join(tmp.dir, 'missing.json')]);
    expect(r3.exitCode).toBe(2);
    expect(r3.stderr).toContain('Cannot read the plan file');
    expect(homeFiles()).toEqual([]);
  });
});
