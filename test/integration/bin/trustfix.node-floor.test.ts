// Below the supported Node version the CLI says so in one sentence, in the user's language, and exits 2
// (before: Node 20 printed a raw SyntaxError stack, because a named import it lacks failed at link time).
import { execaSync } from 'execa';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../../bin/trustfix.js', import.meta.url));
// The machine's own Node (Debian's /usr/bin/node is 20 on these machines; CI adds 24 in front of it).
const OLD_NODE = '/usr/bin/node';
const oldMajor = existsSync(OLD_NODE)
  ? Number(execaSync(OLD_NODE, ['-p', 'process.versions.node.split(".")[0]']).stdout)
  : 0;

// The floor is 22.15 (engines): Node 20 is below it. (Node 22 itself is run in test/integration/bin/trustfix.node22.test.ts.)
describe.skipIf(!(oldMajor > 0 && oldMajor < 22))(`the CLI on Node ${oldMajor}`, () => {
  const run = (lang: string) =>
    execaSync(OLD_NODE, [BIN, 'scan'], {
      reject: false,
      env: { TRUSTFIX_LANG: lang },
      extendEnv: false,
      timeout: 30_000,
    });

  it('says it needs Node 22.15 in English, with no stack trace, and exits 2', () => {
    const r = run('en');
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /^TrustFix needs Node\.js 22\.15 or newer; this is v\d+\.\d+\.\d+\. Install Node\.js 22\.15 /,
    );
    expect(r.stderr).not.toMatch(/SyntaxError|at file:|\{\{/);
    expect(r.stdout).toBe('');
  });

  it('says it in Chinese for a Chinese user', () => {
    const r = run('zh-CN');
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('TrustFix 需要 Node.js 22.15 或更新版本');
    expect(r.stderr).not.toMatch(/SyntaxError|\{\{/);
  });
});
