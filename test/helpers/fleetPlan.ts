// A fleet plan (src-main/core/repair/fleet/types.ts) around a real CA made with openssl for the test,
// with one setting of every kind, for the generators' tests.
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, expect } from 'vitest';
import { weakeningIn } from '../../src-main/core/repair/fleet/artifactFacts.ts';
import type { Artifact, FleetPlan, FleetSetting, Generator } from '../../src-main/core/repair/fleet/types.ts';
import { makePki } from './pki.ts';
import { tempDirForFile } from './tmp.ts';

export interface FleetFixture {
  plan: FleetPlan;
  der: Buffer;
  sha256: string;
  sha1: string;
}

/** `dir`: a folder of the test's for openssl's files. */
export function fleetFixture(
  dir: string,
  os: FleetPlan['os'],
  settings: FleetSetting[],
  name = 'TrustFix Fleet Test Root',
): FleetFixture {
  const pem = readFileSync(makePki(dir, name).rootPem, 'utf8');
  const der = Buffer.from(new X509Certificate(pem).raw);
  const sha256 = createHash('sha256').update(der).digest('hex');
  return {
    plan: {
      root: { name, sha256, pem, fileName: `trustfix-${sha256.slice(0, 16)}.crt` },
      os,
      settings,
      trustfixVersion: '0.0.0-test',
      generatedAt: '2026-12-04T13:00:00Z',
    },
    der,
    sha256: sha256.toUpperCase(),
    sha1: createHash('sha1').update(der).digest('hex').toUpperCase(),
  };
}

const PIP: FleetSetting = { client: 'pip', kind: 'os-store', why: 'fleet:why.pipTruststore' };
const NODE: FleetSetting = {
  client: 'node',
  kind: 'env',
  key: 'NODE_EXTRA_CA_CERTS',
  value: 'root-file',
  why: 'fleet:why.nodeExtra',
};
const REQUESTS: FleetSetting = {
  client: 'requests',
  kind: 'env',
  key: 'REQUESTS_CA_BUNDLE',
  value: 'system-bundle',
  why: 'fleet:why.requestsBundle',
};
const CONDA: FleetSetting = {
  client: 'conda',
  kind: 'yaml',
  key: 'ssl_verify',
  value: 'truststore',
  file: '~/.condarc',
  why: 'fleet:why.condaTruststore',
};
const uv = (file: string): FleetSetting => ({
  client: 'uv',
  kind: 'toml',
  key: 'system-certs',
  value: 'true',
  file,
  why: 'fleet:why.uvSystemCerts',
});

/** What a Windows plan carries: every kind of setting the generators must express. */
export const WINDOWS_SETTINGS: FleetSetting[] = [
  PIP,
  NODE,
  REQUESTS,
  {
    client: 'git',
    kind: 'git-config',
    key: 'http.sslBackend',
    value: 'schannel',
    file: '~/.gitconfig',
    why: 'fleet:why.gitSchannel',
  },
  uv('~/AppData/Roaming/uv/uv.toml'),
  CONDA,
  {
    client: 'aws',
    kind: 'ini',
    key: 'default.ca_bundle',
    value: 'system-bundle',
    file: '~/.aws/config',
    why: 'fleet:why.awsBundle',
  },
];

/** A Mac plan: the same kinds, macOS's files, npm's cafile for a top-level INI key. */
export const MAC_SETTINGS: FleetSetting[] = [
  PIP,
  NODE,
  REQUESTS,
  uv('~/.config/uv/uv.toml'),
  CONDA,
  { client: 'npm', kind: 'ini', key: 'cafile', value: 'system-bundle', file: '~/.npmrc', why: 'fleet:why.npmCafile' },
];

export interface Generated {
  fx: FleetFixture;
  out: Artifact[];
  dir: string;
  /** The content of the artifact at `path` (throws when there is none). */
  file(path: string): string;
}

/** One plan generated for the whole test file (before its first test), in a folder of its own. */
export function generatedForFile(
  prefix: string,
  os: FleetPlan['os'],
  settings: FleetSetting[],
  generate: Generator,
  name?: string,
): Generated {
  const dir = tempDirForFile(prefix);
  const g: Generated = {
    fx: undefined as unknown as FleetFixture,
    out: [],
    dir,
    file(path) {
      const a = g.out.find((x) => x.path === path);
      if (!a) throw new Error(`no ${path} among ${g.out.map((x) => x.path).join(', ')}`);
      return a.content;
    },
  };
  beforeAll(() => {
    g.fx = fleetFixture(dir, os, settings, name);
    g.out = generate(g.fx.plan);
  });
  return g;
}

/** Every `exit N` in a script outside comment lines, as numbers (NaN for an exit that is not a number). */
export function exitCodes(script: string): number[] {
  const code = script
    .split(/\r?\n/)
    .filter((l) => !/^\s*#/.test(l))
    .join('\n');
  return [...code.matchAll(/(?:^|[\s;{])exit\s+([^\s;}]+)/gm)].map((m) => Number(m[1]));
}

/** The one PEM block a script embeds, as DER. */
export function embeddedDer(script: string): Buffer {
  const m = /-----BEGIN CERTIFICATE-----\r?\n([A-Za-z0-9+/=\r\n]+?)-----END CERTIFICATE-----/.exec(script);
  if (!m) throw new Error('no PEM block in the script');
  return Buffer.from(m[1]!.replace(/\s/g, ''), 'base64');
}

/** Bytes outside printable ASCII, tab, CR and LF. */
export function nonAscii(text: string): string[] {
  return [...text].filter((c) => !/[\x20-\x7e\t\r\n]/.test(c));
}

/**
 * A PowerShell tokenizer's view of a script, for hosts without PowerShell: comments, here-strings
 * (@' '@ and @" "@, closed at the start of a line), single-quoted strings ('' inside), double-quoted
 * strings (`" and "" inside), and the brackets between them. Returns what does not close, or [] when
 * every string ends and every (, { and [ is closed in order. Not a parser: it finds an unbalanced
 * quote or bracket, the mistakes a template makes.
 */
export function psUnbalanced(script: string): string[] {
  const s = script.replace(/\r\n/g, '\n');
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
  let line = 1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\n') line++;
    else if (c === '#' && (i === 0 || /[\s;{(]/.test(s[i - 1]!))) {
      while (i < s.length && s[i] !== '\n') i++;
      line++;
    } else if (c === '<' && s[i + 1] === '#') {
      const end = s.indexOf('#>', i + 2);
      if (end < 0) return [`block comment from line ${line}`];
      line += s.slice(i, end).split('\n').length - 1;
      i = end + 1;
    } else if (c === '@' && (s[i + 1] === "'" || s[i + 1] === '"') && s[i + 2] === '\n') {
      const end = s.indexOf(`\n${s[i + 1]}@`, i + 2);
      if (end < 0) return [`here-string from line ${line}`];
      line += s.slice(i, end + 1).split('\n').length - 1;
      i = end + 2;
    } else if (c === "'") {
      const start = line;
      for (i++; ; i++) {
        if (i >= s.length) return [`single-quoted string from line ${start}`];
        if (s[i] === '\n') line++;
        if (s[i] === "'" && s[i + 1] === "'") i++;
        else if (s[i] === "'") break;
      }
    } else if (c === '"') {
      const start = line;
      for (i++; ; i++) {
        if (i >= s.length) return [`double-quoted string from line ${start}`];
        if (s[i] === '\n') line++;
        if (s[i] === '`') i++;
        else if (s[i] === '"' && s[i + 1] === '"') i++;
        else if (s[i] === '"') break;
      }
    } else if (c === '`') i++;
    else if (c === '(' || c === '{' || c === '[') stack.push(`${c}@${line}`);
    else if (c === ')' || c === '}' || c === ']') {
      const open = stack.pop();
      if (!open || open[0] !== pairs[c]) return [`${c} on line ${line} closes ${open ?? 'nothing'}`];
    }
  }
  return stack.map((o) => `${o[0]} from line ${o.slice(2)} never closed`);
}

/**
 * What every generated PowerShell script keeps, whatever it is for: the root's SHA-256 and SHA-1 in
 * its header and its checks, the exact DER, ASCII with CRLF and no BOM, every string and bracket
 * closed, exits 0 or 1 only, nothing written to stderr, nothing that turns verification off.
 */
export function expectPowerShellBasics(path: string, s: string, fx: FleetFixture): void {
  expect(s, path).toMatch(
    new RegExp(
      `^# TrustFix fleet: [^\\r]*\\r\\n# Root: [^\\r]*\\r\\n# SHA-256: ${fx.sha256}\\r\\n# SHA-1 \\(Windows thumbprint\\): ${fx.sha1}\\r\\n`,
    ),
  );
  expect(s, path).toContain(`$Sha256 = '${fx.sha256}'`);
  expect(s, path).toContain(`$Thumbprint = '${fx.sha1}'`);
  expect(embeddedDer(s).equals(fx.der), path).toBe(true);
  expect(nonAscii(s), path).toEqual([]);
  expect(s.replace(/\r\n/g, ''), path).not.toMatch(/[\r\n]/);
  expect(s.charCodeAt(0), path).not.toBe(0xfeff);
  expect(psUnbalanced(s), path).toEqual([]);
  expect(new Set(exitCodes(s)), path).toEqual(new Set([0, 1]));
  for (const bad of ['Write-Error', 'Write-Warning', 'Write-Host', '[Console]::Error', 'Write-Information', '$host.ui'])
    expect(s.toLowerCase(), `${path}: ${bad}`).not.toContain(bad.toLowerCase());
  expect(weakeningIn(s), path).toBeNull();
}
