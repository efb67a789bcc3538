// "Asks for admin rights once": the one-click root update, run through the app's API as the
// unprivileged user nobody, over two bundles only the administrator may write and one of nobody's
// own. The OS prompt is stood in for by the test (root), which runs exactly the command the prompt
// would run. One prompt applies both elevated refreshes; one prompt takes them back; a refused prompt
// leaves every file as it was, nobody's own one included.
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI, FIXTURES } from '../../../helpers/cli.ts';
import { asNobody, canRunAsNobody } from '../../../helpers/nobody.ts';
import { tempDirForFile } from '../../../helpers/tmp.ts';

const RELAY = fileURLToPath(new URL('../../../helpers/elevationRelay.ts', import.meta.url));
const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');
const dir = tempDirForFile('trustfix-once-');

interface Prompt {
  argv: string[];
  answer: 'OK' | 'REFUSED';
  exitCode?: number;
  output?: string;
}

describe('the one-click root update as a user who is not the administrator', () => {
  it('asks once to apply, once to undo, and a refusal changes nothing', async (t) => {
    if (!canRunAsNobody()) t.skip('needs root to run the app as nobody (runuser)');
    const nobody = Number((await execa('id', ['-u', 'nobody'])).stdout);
    chmodSync(dir, 0o755);
    const tree = join(dir, 'tree');
    const place = (rel: string, fixture: string, owner?: number): string => {
      const path = join(tree, rel);
      mkdirSync(dirname(path), { recursive: true });
      copyFileSync(join(FIXTURES, fixture), path);
      chmodSync(path, 0o644);
      if (owner !== undefined) {
        chownSync(dirname(path), owner, owner);
        chownSync(path, owner, owner);
      }
      return path;
    };
    const sysA = place('sys/a/certifi/cacert.pem', 'certifi-2016.02.28.pem');
    const sysB = place('sys/b/pip/_vendor/certifi/cacert.pem', 'certifi-2018.08.24.pem');
    const own = place('user/c/certifi/cacert.pem', 'certifi-2022.12.07.pem', nobody);
    const original = new Map([sysA, sysB, own].map((p) => [p, sha(p)]));
    const data = join(dir, 'data');
    mkdirSync(data);
    chownSync(data, nobody, nobody);
    const job = {
      dataDir: data,
      cli: CLI,
      roots: [tree],
      reference: join(FIXTURES, 'certifi-2026.05.20.pem'),
      systemStore: join(FIXTURES, 'debian12-ca-certificates.crt'),
    };

    const answers: Array<'OK' | 'REFUSED'> = ['OK', 'OK', 'REFUSED'];
    const prompts: Prompt[] = [];
    const results = new Map<string, unknown>();
    const events: string[] = [];
    const [file, args] = asNobody(process.execPath, [RELAY, JSON.stringify(job)]);
    const child = execa(file, args, { reject: false, timeout: 240_000, stdin: 'pipe', cwd: dir });
    const lines = createInterface({ input: child.stdout! });
    const stateOf = (): string => [sysA, sysB, own].map((p) => (sha(p) === original.get(p) ? 'old' : 'new')).join(',');
    for await (const line of lines) {
      if (line.startsWith('ELEVATE ')) {
        const argv = JSON.parse(line.slice(8)) as string[];
        const answer = answers.shift() ?? 'REFUSED';
        const prompt: Prompt = { argv, answer };
        if (answer === 'OK') {
          // What the OS prompt runs once the administrator agrees: this exact command, as root.
          const r = await execa(argv[0]!, argv.slice(1), { reject: false, timeout: 60_000 });
          prompt.exitCode = r.exitCode ?? -1;
          prompt.output = `${r.stdout}${r.stderr}`;
        }
        prompts.push(prompt);
        events.push(`prompt:${stateOf()}`);
        child.stdin!.write(`${answer}\n`);
      } else if (line.startsWith('RESULT ')) {
        const [, label, ...rest] = line.split(' ');
        results.set(label!, JSON.parse(rest.join(' ')));
        events.push(`${label}:${stateOf()}`);
      }
    }
    const r = await child;
    expect(r.exitCode, r.stderr).toBe(0);

    // The plan says which steps need the administrator.
    expect(results.get('first-plan')).toEqual(
      expect.arrayContaining([
        { where: sysA, kind: 'refresh', needsAdmin: true },
        { where: sysB, kind: 'refresh', needsAdmin: true },
        { where: own, kind: 'refresh', needsAdmin: false },
      ]),
    );
    // Apply: nobody's own bundle first, then one prompt for both of the administrator's; undo: the
    // prompt first, then nobody's own.
    expect(events).toEqual([
      'first-plan:old,old,old',
      'prompt:new,new,new',
      'first-apply:new,new,new',
      'first-history:new,new,new',
      'prompt:old,old,new',
      'first-undo:old,old,old',
      'second-plan:old,old,old',
      'prompt:old,old,new',
      'second-apply:old,old,old',
    ]);
    expect(prompts).toHaveLength(3);
    const [apply, undo] = prompts;
    expect(apply!.exitCode, apply!.output).toBe(0);
    expect(apply!.argv.slice(0, 5)).toEqual([process.execPath, CLI, '--data-dir', data, 'elevated-apply']);
    const batch = JSON.parse(readFileSync(apply!.argv[5]!, 'utf8')) as {
      steps: Array<{ target: string; purpose: string }>;
    };
    expect(batch.steps.map((s) => [s.target, s.purpose]).sort()).toEqual(
      [
        [sysA, 'refresh'],
        [sysB, 'refresh'],
      ].sort(),
    );
    expect(results.get('first-apply')).toMatchObject({ ok: true, problems: [] });
    // History's Undo says it will ask once.
    expect(results.get('first-history')).toMatchObject({ canUndo: true, undoNeedsAdmin: true });
    expect(undo!.exitCode, undo!.output).toBe(0);
    expect(results.get('first-undo')).toMatchObject({ undone: true, problems: [] });

    // The administrator's files keep their owner and mode through the elevated write and its undo.
    for (const p of [sysA, sysB]) {
      expect(statSync(p).uid).toBe(0);
      expect(statSync(p).mode & 0o777).toBe(0o644);
    }
    expect(statSync(own).uid).toBe(nobody);

    // Refused: the prompt is the only thing that failed, and nobody's own refresh was taken back too.
    const refused = results.get('second-apply') as {
      ok: boolean;
      problems: Array<{ code: string }>;
      historyId?: string;
    };
    expect(refused.ok).toBe(false);
    expect(refused.problems.map((p) => p.code)).toEqual(['repair:elevation.refused', 'repair:rolledBack']);
    expect(refused.historyId).toBeUndefined();
    for (const [p, before] of original) expect(sha(p), p).toBe(before);
  }, 300_000);
});
