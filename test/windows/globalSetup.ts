// The Windows lane's setup, once for all its files: Wine present (or the reason it is not), the
// Windows Node from the npm registry (scripts/windows-lane/node-win.sh), the compiled CLI current, and
// a FRESH Wine prefix in a temp folder set to Windows 10 (Node 22 refuses older Windows). Torn down:
// wineserver -k, the temp folder removed.
import { execa } from 'execa';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TestProject } from 'vitest/node';
import { WINE64, WINESERVER, toWin, wineTool, type LaneInfo } from './wine.ts';
import { ROOT } from '../helpers/repoRoot.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    lane: LaneInfo;
  }
}

/** Why the lane cannot run on this machine, or '' when it can. */
function whyNot(): string {
  if (process.platform !== 'linux') return `the lane runs Wine on Linux; this is ${process.platform}`;
  if (!existsSync(WINE64)) return `Wine is not installed (no ${WINE64}; Debian: apt-get install wine64 wine)`;
  if (!existsSync(WINESERVER)) return `Wine is incomplete (no ${WINESERVER})`;
  return '';
}

/** The newest source file's time: dist/ older than this is stale (bin/trustfix.js would then run the
 * TypeScript sources, not the build the lane means to test). */
function newestSource(app: string): number {
  let newest = 0;
  for (const dir of ['src-main', 'assets/locales', 'assets/trust']) {
    for (const e of readdirSync(join(app, dir), { recursive: true, withFileTypes: true })) {
      if (e.isFile()) newest = Math.max(newest, statSync(join(e.parentPath, e.name)).mtimeMs);
    }
  }
  return newest;
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const app = process.env.TRUSTFIX_LANE_APP ?? ROOT;
  const skip = whyNot();
  const say = (line: string): void => void process.stdout.write(`[windows lane] ${line}\n`);
  if (skip) {
    say(`skipped: ${skip}`);
    project.provide('lane', { skip, dir: '', prefix: '', node: '', app, entry: '' });
    return undefined;
  }
  const started = performance.now();
  const built = join(app, 'dist/src-main/cli/main.js');
  if (
    !existsSync(built) ||
    !existsSync(join(app, 'dist/renderer/index.html')) ||
    statSync(built).mtimeMs < newestSource(app)
  ) {
    say('building (npm run build): dist/ is missing or older than the sources');
    await execa('npm', ['run', '--silent', 'build'], { cwd: app, stdio: 'inherit', timeout: 600_000 });
  }
  const nodeWin = await execa('bash', [join(ROOT, 'scripts/windows-lane/node-win.sh')], {
    reject: false,
    timeout: 330_000,
  });
  if (nodeWin.exitCode !== 0) {
    const reason = `no Windows Node: ${String(nodeWin.stderr).trim() || `exit ${nodeWin.exitCode}`}`;
    say(`skipped: ${reason}`);
    project.provide('lane', { skip: reason, dir: '', prefix: '', node: '', app, entry: '' });
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'trustfix-winlane-'));
  const lane: LaneInfo = {
    dir,
    prefix: join(dir, 'prefix'),
    node: toWin(String(nodeWin.stdout).trim()),
    app,
    entry: join(app, 'bin', 'trustfix.js'),
  };
  mkdirSync(join(dir, 'home'), { recursive: true });
  // Not a test branch: it only chooses what runs (an older checkout's dist/, whose bin/trustfix.js
  // refuses Node 22, to show the lane failing on code before the fixes); CI never sets it and the
  // assertions are the same either way.
  if (process.env.TRUSTFIX_LANE_ENTRY === 'dist') {
    lane.entry = join(dir, 'launch.mjs');
    writeFileSync(
      lane.entry,
      `import { runCli } from ${JSON.stringify(pathToFileURL(built).href.replace('file:///', 'file:///Z:/'))};\nprocess.exitCode = await runCli(process.argv);\n`,
    );
  }
  const teardown = async (): Promise<void> => {
    const calls = existsSync(join(dir, 'cli-calls.txt'))
      ? readFileSync(join(dir, 'cli-calls.txt'), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map(Number)
          .sort((a, b) => a - b)
      : [];
    if (calls.length)
      say(
        `${calls.length} CLI calls as a Windows program: median ${(calls[calls.length >> 1]! / 1000).toFixed(1)} s, slowest ${(calls[calls.length - 1]! / 1000).toFixed(1)} s`,
      );
    await wineTool(lane, WINESERVER, ['-k'], 30_000);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const boot = await wineTool(lane, WINE64, ['wineboot.exe', '--init'], 180_000);
    if (boot.exitCode !== 0) throw new Error(`wineboot --init: exit ${boot.exitCode}\n${boot.output.slice(-2000)}`);
    const cfg = await wineTool(lane, WINE64, ['winecfg.exe', '/v', 'win10'], 120_000);
    if (cfg.exitCode !== 0) throw new Error(`winecfg /v win10: exit ${cfg.exitCode}\n${cfg.output.slice(-2000)}`);
  } catch (error) {
    await teardown();
    throw error;
  }
  say(
    `fresh prefix ${lane.prefix} ready in ${Math.round((performance.now() - started) / 1000)} s; TrustFix: ${lane.entry}`,
  );
  project.provide('lane', lane);
  return teardown;
}
