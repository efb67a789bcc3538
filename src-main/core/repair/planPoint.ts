// point: make a client use a good bundle, persistently, for this user.
//   Linux: TrustFix's own env file in the data folder, sourced by one marked line in ~/.profile.
//   macOS: launchctl setenv (GUI apps) + the same env file sourced from ~/.zprofile (terminals).
//   Windows: HKCU\Environment through [Environment]::SetEnvironmentVariable (broadcasts the change).
//   pip.conf: global.cert in the user's pip configuration file.
// Every piece is a file change with a backup or a command with its exact inverse, and every setting is
// read back once in place (docs/repair-verify.md): the registry, launchctl getenv, a fresh shell
// sourcing the env file, pip's configuration reader.
import { execa } from 'execa';
import { dirname, join } from 'node:path';
import { msg } from '../messages.ts';
import { platformFor } from '../platform/index.ts';
import { decodeValue } from '../platform/readBack.ts';
import { probeScriptPath } from '../pythons/probeRunner.ts';
import type { ActionCheck, ActionRecord, Change } from './action.ts';
import { identify, isInside, realPathOf, refuse } from './pathGuard.ts';
import { fileChange, type PlanContext } from './planContext.ts';

/** The line above the one TrustFix adds to a login profile (Linux ~/.profile, macOS ~/.zprofile) to
 * source its own file: undo finds its line by it. */
export const PROFILE_MARK = '# TrustFix: environment for Python certificates (trustfix undo removes this)';

export type PointVariable = 'SSL_CERT_FILE' | 'REQUESTS_CA_BUNDLE' | 'PIP_CERT' | 'pip.conf';

export function envFilePath(dataDir: string): string {
  return join(dataDir, 'env.sh');
}

const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** TrustFix's env file with `name` set (other lines kept). */
export function withExport(old: string, name: string, value: string): string {
  const lines = old.split('\n').filter((l) => l.length > 0 && !l.startsWith(`export ${name}=`));
  if (!lines[0]?.startsWith('#'))
    lines.unshift('# Written by TrustFix: certificate settings for Python (trustfix history / trustfix undo).');
  lines.push(`export ${name}=${shQuote(value)}`);
  return `${lines.join('\n')}\n`;
}

export function profileLine(envFile: string): string {
  return `${PROFILE_MARK}\n[ -f ${shQuote(envFile)} ] && . ${shQuote(envFile)}\n`;
}

/** pip's per-user configuration file (what `pip config --user` edits), as the OS backend says. */
export function userPipConfig(os: NodeJS.Platform, home: string, env: NodeJS.ProcessEnv = process.env): string {
  return platformFor(os).configs.userPipConfig(env, home);
}

/** Sets cert = value under [global], keeping every other line as it was. */
export function withPipCert(old: string, value: string): string {
  const lines = old.length > 0 ? old.replace(/\n$/, '').split('\n') : [];
  let section = '';
  let globalAt = -1;
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*\[([^\]]+)\]/.exec(lines[i]!);
    if (m) {
      section = m[1]!.trim();
      if (section === 'global') globalAt = i;
      continue;
    }
    if (section === 'global' && /^\s*cert\s*[=:]/.test(lines[i]!)) {
      lines[i] = `cert = ${value}`;
      return `${lines.join('\n')}\n`;
    }
  }
  if (globalAt < 0) return `${lines.length ? `${lines.join('\n')}\n\n` : ''}[global]\ncert = ${value}\n`;
  lines.splice(globalAt + 1, 0, `cert = ${value}`);
  return `${lines.join('\n')}\n`;
}

/** A settings file as it is now, '' when there is none. Anything else that stops the read (a FIFO, a
 * device, no permission) refuses the plan: new text computed from '' would drop the file's lines. */
async function readText(path: string): Promise<string> {
  return (await identify(path))?.bytes.toString('utf8') ?? '';
}

/** The variables `point` persists for this user (pip.conf is a file of pip's own). */
export type EnvVariable = Exclude<PointVariable, 'pip.conf'>;

/** pip's configuration read back by pip's own rules (assets/probe/trustfix_pipconf.py, which the probes
 * share): the value its files give `cert`, as the interpreter that runs it finds them. */
export function pipConfigReadBack(python: string, bundlePath: string): ActionCheck {
  const reader = join(dirname(probeScriptPath()), 'trustfix_pipconf.py');
  return {
    kind: 'command-value',
    run: { file: python, args: ['-B', reader, 'cert'] },
    decode: 'line',
    expect: bundlePath,
    env: { PYTHONIOENCODING: 'utf-8' },
  };
}

export interface PointOptions {
  /** pip.conf: the interpreter whose pip configuration reader reads the setting back. */
  python?: string;
}

/**
 * Persistent per-user environment variables (shared by `point` and `trust`): Windows and macOS set
 * them with the OS's own command (undo: the previous value, or unset); Linux and macOS write
 * TrustFix's env file, sourced by one marked line in the login profile. Each is read back once in
 * place. One change per file per call: give every variable of a plan in one call.
 */
export async function userEnvChanges(
  pc: PlanContext,
  vars: ReadonlyArray<{ name: string; value: string }>,
): Promise<{ changes: Change[]; checks: ActionCheck[]; where: string }> {
  const changes: Change[] = [];
  const checks: ActionCheck[] = [];
  const platform = pc.ctx.platform;
  let viaCommand = false;
  for (const { name, value } of vars) {
    const set = platform.setUserEnv(name, value);
    const read = platform.readUserEnv(name, value);
    if (!set) continue;
    viaCommand = true;
    const previous = await readUserEnv(pc, name);
    changes.push({
      type: 'command',
      label: msg('repair:command.setEnv', { name }),
      run: set,
      undo: [platform.setUserEnv(name, previous)!],
    });
    if (read) checks.push({ kind: 'command-value', run: read.run, decode: read.decode, expect: value, variable: name });
  }
  const profile = platform.loginProfile(pc.home);
  if (profile) {
    const envFile = envFilePath(pc.dataDir);
    let text = await readText(envFile);
    for (const { name, value } of vars) text = withExport(text, name, value);
    changes.push((await fileChange(pc, envFile, Buffer.from(text), 'data-dir', { kind: 'text' })).change);
    const old = await readText(profile);
    if (!old.includes(PROFILE_MARK)) {
      const sep = old.length > 0 && !old.endsWith('\n') ? '\n' : '';
      changes.push(
        (
          await fileChange(pc, profile, Buffer.from(`${old}${sep}\n${profileLine(envFile)}`), 'profile', {
            kind: 'text',
          })
        ).change,
      );
    }
    for (const { name, value } of vars) {
      const read = platform.readEnvFile(envFile, name);
      if (read) checks.push({ kind: 'command-value', run: read.run, decode: read.decode, expect: value });
    }
  }
  const list = vars.map((v) => v.name).join(', ');
  const where = (viaCommand ? platform.userEnvWhere(list) : null) ?? profile ?? list;
  return { changes, checks, where };
}

async function readUserEnv(pc: PlanContext, name: string): Promise<string | null> {
  const read = pc.ctx.platform.readUserEnv(name);
  if (!read) return null;
  const run = await execa(read.run.file, read.run.args, { reject: false, timeout: 15_000 });
  const value = run.exitCode === 0 ? decodeValue(String(run.stdout), read.decode) : null;
  return value ? value : null;
}

/**
 * One action for `variables` (several variables share TrustFix's env file and the profile line: one
 * change per file per plan, so a plan never writes a file another of its actions planned as it was).
 * Each setting is read back after it is in place (action.checks).
 */
export async function planPoint(
  pc: PlanContext,
  variables: PointVariable | readonly EnvVariable[],
  bundlePath: string,
  id = 'a1',
  options: PointOptions = {},
): Promise<ActionRecord> {
  const real = await realPathOf(bundlePath);
  if (!pc.findings.has(real) && !isInside(await realPathOf(pc.dataDir), real))
    refuse('notAFinding', { path: bundlePath });
  const names: readonly PointVariable[] = typeof variables === 'string' ? [variables] : variables;
  if (names.length === 0 || (names.includes('pip.conf') && names.length > 1))
    refuse('badVariable', { variable: names.join(', ') });
  const changes: Change[] = [];
  const checks: ActionCheck[] = [];
  let where: string;
  if (names[0] === 'pip.conf') {
    if (!options.python) refuse('noPythonForPipConf');
    where = userPipConfig(pc.os, pc.home);
    changes.push(
      (
        await fileChange(pc, where, Buffer.from(withPipCert(await readText(where), bundlePath)), 'profile', {
          kind: 'text',
        })
      ).change,
    );
    checks.push(pipConfigReadBack(options.python, bundlePath));
  } else {
    const envs = names as readonly EnvVariable[];
    const set = await userEnvChanges(
      pc,
      envs.map((name) => ({ name, value: bundlePath })),
    );
    changes.push(...set.changes);
    checks.push(...set.checks);
    where = set.where;
  }
  const variable = names.join(', ');
  return {
    id,
    kind: 'point',
    what: msg('repair:what.point', { variable, path: bundlePath }),
    where,
    why: msg('repair:why.point', { variable }),
    elevation: { needed: false },
    undo: msg('repair:undo.point', { variable }),
    notes: [msg('repair:note.newShells')],
    changes,
    checks,
  };
}
