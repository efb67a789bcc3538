// point: make a client use a good bundle, persistently, for this user.
//   Linux: TrustFix's own env file in the data folder, sourced by one marked line in ~/.profile.
//   macOS: launchctl setenv (GUI apps) + the same env file sourced from ~/.zprofile (terminals).
//   Windows: HKCU\Environment through [Environment]::SetEnvironmentVariable (broadcasts the change).
//   pip.conf: global.cert in the user's pip configuration file.
// Every piece is a file change with a backup or a command with its exact inverse.
import { execa } from 'execa';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { msg } from '../messages.ts';
import { PROFILE_MARK } from '../platform/linuxStore.ts';
import type { ActionRecord, Change } from './action.ts';
import { isInside, realPathOf, refuse } from './pathGuard.ts';
import { fileChange, type PlanContext } from './planContext.ts';

export type PointVariable = 'SSL_CERT_FILE' | 'REQUESTS_CA_BUNDLE' | 'PIP_CERT' | 'pip.conf';

export function envFilePath(dataDir: string): string {
  return join(dataDir, 'env.sh');
}

const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** TrustFix's env file with `name` set (other lines kept). */
export function withExport(old: string, name: string, value: string): string {
  const lines = old.split('\n').filter((l) => l.length > 0 && !l.startsWith(`export ${name}=`));
  if (!lines[0]?.startsWith('#')) lines.unshift('# Written by TrustFix: certificate settings for Python (trustfix history / trustfix undo).');
  lines.push(`export ${name}=${shQuote(value)}`);
  return `${lines.join('\n')}\n`;
}

export function profileLine(envFile: string): string {
  return `${PROFILE_MARK}\n[ -f ${shQuote(envFile)} ] && . ${shQuote(envFile)}\n`;
}

/** pip's per-user configuration file (what `pip config --user` edits). */
export function userPipConfig(platform: NodeJS.Platform, home: string, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'pip', 'pip.ini');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'pip', 'pip.conf');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'pip', 'pip.conf');
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

async function readText(path: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => '');
}

export async function planPoint(pc: PlanContext, variable: PointVariable, bundlePath: string, id = 'a1'): Promise<ActionRecord> {
  const real = await realPathOf(bundlePath);
  if (!pc.findings.has(real) && !isInside(await realPathOf(pc.dataDir), real)) refuse('notAFinding', { path: bundlePath });
  const changes: Change[] = [];
  let where: string;
  if (variable === 'pip.conf') {
    where = userPipConfig(pc.platform, pc.home);
    changes.push((await fileChange(pc, where, Buffer.from(withPipCert(await readText(where), bundlePath)), 'profile', { kind: 'text' })).change);
  } else {
    const platform = pc.ctx.platform;
    const set = platform.setUserEnv(variable, bundlePath);
    if (set) {
      const previous = await readUserEnv(pc, variable);
      changes.push({ type: 'command', label: msg('repair:command.setEnv', { name: variable }), run: set, undo: [platform.setUserEnv(variable, previous)!] });
    }
    const profile = platform.loginProfile(pc.home);
    if (profile) {
      const envFile = envFilePath(pc.dataDir);
      changes.push((await fileChange(pc, envFile, Buffer.from(withExport(await readText(envFile), variable, bundlePath)), 'data-dir', { kind: 'text' })).change);
      const text = await readText(profile);
      if (!text.includes(PROFILE_MARK)) {
        const sep = text.length > 0 && !text.endsWith('\n') ? '\n' : '';
        changes.push((await fileChange(pc, profile, Buffer.from(`${text}${sep}\n${profileLine(envFile)}`), 'profile', { kind: 'text' })).change);
      }
    }
    where = set ? `${pc.platform === 'win32' ? 'HKCU\\Environment\\' : 'launchctl '}${variable}` : (platform.loginProfile(pc.home) ?? variable);
  }
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
  };
}

async function readUserEnv(pc: PlanContext, name: string): Promise<string | null> {
  const cmd = pc.ctx.platform.readUserEnv(name);
  if (!cmd) return null;
  const run = await execa(cmd.file, cmd.args, { reject: false, timeout: 15_000 });
  const value = String(run.stdout).trim();
  return run.exitCode === 0 && value.length > 0 ? value : null;
}
