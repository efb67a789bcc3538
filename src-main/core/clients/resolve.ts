// What every per-client resolver shares: the shape of its answer, and small pure helpers to record
// each setting read and to build the trust record. A resolver is pure: the environment, the parsed
// settings and the facts measured about the program in; a Resolution out.
import { msg, type Message } from '../messages.ts';
import type { ClientEnv, Setting, SettingOrigin, ToolSource, ToolTrust, ToolTrustKind } from './types.ts';

export type Existence = (path: string) => 'file' | 'dir' | 'none';

export interface Resolution {
  trust: ToolTrust;
  settings: Setting[];
  /** The client fails with this setting (a missing file it insists on, AWS_CA_BUNDLE=""). */
  broken?: boolean;
  /** A setting turns TLS verification off. */
  insecure?: boolean;
  /** Why, when the sources' verdict is not the whole story. */
  reason?: Message;
}

/** A set, non-blank environment variable. */
export function envValue(env: ClientEnv, name: string): string | undefined {
  const v = env[name];
  return v !== undefined && v.trim() !== '' ? v : undefined;
}

export const fromEnv = (name: string): SettingOrigin => ({ kind: 'env', name });
export const fromFile = (path: string, line?: number): SettingOrigin =>
  line ? { kind: 'file', path, line } : { kind: 'file', path };

/** The setting records of a resolver, with the effect of each settled as the rules are applied. */
export class Settings {
  readonly list: Setting[] = [];
  add(name: string, value: string, where: SettingOrigin, effect: Setting['effect'], note?: Message): Setting {
    const s: Setting = { name, value, where, effect, ...(note ? { note } : {}) };
    this.list.push(s);
    return s;
  }
  /** Every setting already recorded as winning now loses to a later one. */
  shadowAll(except?: Setting): void {
    for (const s of this.list) if (s !== except && s.effect === 'wins') s.effect = 'shadowed';
  }
}

/** A path a setting names, as a file or a folder (a missing one is reported as the file it claims to be). */
export function pathSource(path: string, role: ToolSource['role'], exists: Existence): ToolSource {
  return { kind: exists(path) === 'dir' ? 'dir' : 'file', path, role };
}

export function trustOf(sources: ToolSource[], steeredBy?: Setting): ToolTrust {
  const main = sources[0];
  const kind: ToolTrustKind = main?.kind ?? 'bundled';
  return { kind, sources, ...(steeredBy ? { steeredBy: { setting: steeredBy.name, where: steeredBy.where } } : {}) };
}

/** A file a winning setting names that is not there: the client fails (or, for some, falls back). */
export function missingFile(path: string, setting: string): Message {
  return msg('clients:reason.missingFile', { path, setting });
}

/** true/false as clap (uv), conda and git spell them: 1/0, yes/no, on/off, true/false. */
export function boolish(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on', 't', 'y'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', 'f', 'n', ''].includes(v)) return false;
  return undefined;
}
