// `trustfix plan trust ROOT --for ansible --out DIR` from the command line: DIR gets the role, plan.json
// and PLAN.txt (in the CLI's language), nothing else on the machine changes, and a DIR that already
// holds something is refused with nothing written into it. (The role run for real:
// test/integration/core/repair/fleet/ansible.test.ts.)
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trustfix } from '../../../helpers/cli.ts';
import { tempDir } from '../../../helpers/tmp.ts';
import { makeUpstreamPki } from '../../../helpers/upstreamPki.ts';

describe('plan trust ROOT --for ansible', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const home = join(tmp.dir, 'home');
  mkdirSync(home);
  const pki = makeUpstreamPki(tmp.dir, 'TrustFix Plan Test Root');
  const env = { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: home, LANG: 'C.UTF-8' };
  const run = (args: string[]) => trustfix(['--data-dir', join(tmp.dir, 'data'), ...args], { env, extendEnv: false });

  it('writes the role, plan.json and a translated PLAN.txt; the home is untouched', async () => {
    const out = join(tmp.dir, 'out-zh');
    const r = await run([
      '--lang',
      'zh-CN',
      'plan',
      'trust',
      pki.rootPem,
      '--for',
      'ansible',
      '--out',
      out,
      '--only',
      'curl',
      'git',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    for (const f of [
      'site.yml',
      'undo.yml',
      'plan.json',
      'PLAN.txt',
      'roles/trustfix_ca/tasks/main.yml',
      'roles/trustfix_ca/handlers/main.yml',
    ])
      expect(existsSync(join(out, f)), f).toBe(true);
    const plan = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as {
      fleetPlan: { os: string; settings: Array<{ client: string }>; root: { sha256: string } };
    };
    expect(plan.fleetPlan.os).toBe('linux');
    expect(plan.fleetPlan.settings.map((s) => s.client)).toEqual(['os-store', 'curl', 'git']);
    const text = readFileSync(join(out, 'PLAN.txt'), 'utf8');
    expect(text).toContain('用于 ansible 的计划');
    expect(text).toContain(plan.fleetPlan.root.sha256);
    expect(readdirSync(home).filter((n) => n !== '.npm')).toEqual([]);
  });

  it('refuses a folder that already holds something, and writes nothing into it', async () => {
    const out = join(tmp.dir, 'busy');
    mkdirSync(out);
    writeFileSync(join(out, 'mine.txt'), 'keep\n');
    const r = await run(['plan', 'trust', pki.rootPem, '--for', 'ansible', '--out', out]);
    expect(r.exitCode).toBe(2); // a bad request (cli/exitCodes.ts)
    expect(r.stderr).toContain('is not empty');
    expect(readdirSync(out)).toEqual(['mine.txt']);
  });
});
