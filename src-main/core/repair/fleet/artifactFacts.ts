// What the Windows and macOS generators share: the root's bytes and digests, the settings split into
// the part a machine account applies and the part each user applies, and the last check on every
// artifact before it is written (nothing that turns verification off; ASCII only).
import { createHash, X509Certificate } from 'node:crypto';
import { msg, Problem } from '../../messages.ts';
import { forbiddenIn } from '../trustRoot/forbidden.ts';
import type { Artifact, FleetPlan, FleetSetting } from './types.ts';

export interface RootFacts {
  der: Buffer;
  /** Upper-case hex, no colons: the form PowerShell's hashes print. */
  sha256: string;
  /** SHA-1 of the DER: Windows' "thumbprint", the name of the root's entry in Cert:\LocalMachine\Root. */
  sha1: string;
  /** First 16 hex digits of the SHA-256, lower case: names the folders of this root's fleet files. */
  sha16: string;
}

export function rootFacts(plan: FleetPlan): RootFacts {
  const der = Buffer.from(new X509Certificate(plan.root.pem).raw);
  const sha256 = createHash('sha256').update(der).digest('hex').toUpperCase();
  const given = plan.root.sha256.replace(/:/g, '').toUpperCase();
  // The plan names the root by its SHA-256 and carries its PEM: both must be the same certificate.
  if (given !== sha256) throw new Problem(msg('trust:fleet.rootMismatch', { given, actual: sha256 }));
  return {
    der,
    sha256,
    sha1: createHash('sha1').update(der).digest('hex').toUpperCase(),
    sha16: sha256.slice(0, 16).toLowerCase(),
  };
}

/** The root's PEM as written into scripts: 64-column base64 of the exact DER, LF line ends. */
export function pemOf(der: Buffer): string {
  const body = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`;
}

/** Text for a comment in an ASCII-only script: anything outside printable ASCII as \uXXXX. */
export function asciiComment(s: string): string {
  return s.replace(/[^\x20-\x7e]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`);
}

/** A setting's place in a settings file: `section.key` split at the last dot (git: `http.sslBackend`). */
export interface FileSetting {
  setting: FleetSetting;
  kind: 'ini' | 'git-config' | 'toml' | 'yaml';
  file: string;
  section: string;
  key: string;
  value: string;
}
export interface EnvSetting {
  setting: FleetSetting;
  name: string;
  value: string;
}
export interface SplitSettings {
  /** The root goes into the OS store on every plan; these rows only say which clients rely on it. */
  osStore: FleetSetting[];
  env: EnvSetting[];
  files: FileSetting[];
  needsBundle: boolean;
  needsRootFile: boolean;
}

const KEY = /^[A-Za-z0-9_.-]+$/;
// eslint-disable-next-line no-control-regex -- these are the characters refused
const CONTROL = /[\x00-\x1f\x7f]/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `detail`: the key or name refused, as given (no prose: the message says what is wrong). */
function bad(s: FleetSetting, detail: string): never {
  throw new Problem(msg('trust:fleet.badSetting', { client: s.client, kind: s.kind, detail }));
}

/**
 * The plan's settings checked and split. Keys and names are limited to the characters real settings
 * use, so that nothing from the plan can end a quoted string in a script; values and file paths are
 * quoted by each generator for its own language.
 */
export function splitSettings(plan: FleetPlan): SplitSettings {
  const out: SplitSettings = { osStore: [], env: [], files: [], needsBundle: false, needsRootFile: false };
  for (const s of plan.settings) {
    if (s.kind === 'os-store') {
      out.osStore.push(s);
      continue;
    }
    const value = s.value ?? bad(s, s.key ?? '-');
    if (value === 'system-bundle') out.needsBundle = true;
    if (value === 'root-file') out.needsRootFile = true;
    const key = s.key ?? bad(s, '-');
    // A line break in a value or path would add a line of its own to a settings file.
    if (CONTROL.test(value) || CONTROL.test(s.file ?? '')) bad(s, key);
    if (s.kind === 'env') {
      if (!ENV_NAME.test(key)) bad(s, key);
      // Two clients may need the same variable (node and npm: NODE_EXTRA_CA_CERTS): set once, named for both.
      const same = out.env.find((e) => e.name.toUpperCase() === key.toUpperCase());
      if (same && same.value !== value) bad(s, key);
      if (same) same.setting = { ...same.setting, client: `${same.setting.client}, ${s.client}` };
      else out.env.push({ setting: s, name: key, value });
      continue;
    }
    if (!KEY.test(key)) bad(s, key);
    const file = s.file ?? bad(s, key);
    const dot = key.lastIndexOf('.');
    const section = dot < 0 ? '' : key.slice(0, dot);
    if (s.kind === 'git-config' && (section === '' || section.includes('.'))) bad(s, key);
    if (s.kind === 'yaml' && section !== '') bad(s, key);
    const name = dot < 0 ? key : key.slice(dot + 1);
    // Two clients may share a settings file's key (conda and mamba: ssl_verify in ~/.condarc).
    const same = out.files.find((f) => f.file === file && f.section === section && f.key === name);
    if (same && (same.value !== value || same.kind !== s.kind)) bad(s, key);
    if (same) same.setting = { ...same.setting, client: `${same.setting.client}, ${s.client}` };
    else out.files.push({ setting: s, kind: s.kind, file, section, key: name, value });
  }
  return out;
}

// Beyond what `trust` refuses (forbidden.ts): the ways PowerShell and the macOS tools turn
// verification off. A deny-list: an artifact containing one is refused, never written.
const SCRIPT_FORBIDDEN: ReadonlyArray<readonly [RegExp, string]> = [
  [/ServerCertificateValidationCallback/i, 'ServicePointManager.ServerCertificateValidationCallback'],
  [/SkipCertificateCheck/i, '-SkipCertificateCheck'],
  [/GIT_SSL_NO_VERIFY/i, 'GIT_SSL_NO_VERIFY'],
  [/--no-check-certificate/i, '--no-check-certificate'],
];

/** The first thing in `text` that would turn verification off, by name, or null. */
export function weakeningIn(text: string): string | null {
  const base = forbiddenIn(text);
  if (base) return base;
  for (const [re, name] of SCRIPT_FORBIDDEN) if (re.test(text)) return name;
  return null;
}

/** Every artifact checked before any is written: refused whole if one would weaken verification. */
export function checked(artifacts: Artifact[]): Artifact[] {
  for (const a of artifacts) {
    const found = weakeningIn(a.content);
    if (found) throw new Problem(msg('trust:refused.wouldWeaken', { setting: found }));
  }
  return artifacts;
}

export function requireOs(plan: FleetPlan, engine: string, os: FleetPlan['os']): void {
  if (plan.os !== os) throw new Problem(msg('trust:fleet.wrongOs', { engine, os: plan.os, expected: os }));
}
