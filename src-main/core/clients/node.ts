// node and npm: what Node.js verifies TLS with, and what npm passes it instead.
//
// node (doc/api/cli.md, doc/api/tls.md):
// - by default its own copy of Mozilla's roots (tls.rootCertificates; "bundled").
// - `--use-openssl-ca` (in NODE_OPTIONS) uses OpenSSL's default store instead, where SSL_CERT_FILE
//   and SSL_CERT_DIR apply; `--use-bundled-ca` keeps the bundled list.
// - NODE_EXTRA_CA_CERTS: "the well known root CAs ... will be extended with the extra certificates
//   in file"; read once at start-up; a missing file is a warning, not an error.
// - NODE_USE_SYSTEM_CA=1 (Node >= 22.19 and >= 24.6; nodejs/node#59276, nodejs/learn#79) or
//   `--use-system-ca` (22.15+ / 23.9+ on Linux; nodejs/node#57432) add the OS store, "along with the
//   --use-bundled-ca option and the NODE_EXTRA_CA_CERTS environment variable".
// npm (@npmcli/config definitions.js; docs "config"):
// - `cafile` (a PEM file) or `ca` (PEM strings) in .npmrc files, env (npm_config_*) or flags; cafile
//   is read last and replaces `ca`; a cafile that does not exist is skipped (maybeReadFile: ENOENT
//   gives null). Either one is passed as the TLS `ca` option, which "completely replaces" Node's
//   roots: NODE_EXTRA_CA_CERTS and the system store no longer apply to npm's requests.
// - `strict-ssl=false` turns verification off.
import { msg } from '../messages.ts';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { versionAtLeast } from '../pythons/clients.ts';
import { npmrcValue, parseIni } from './configReaders.ts';
import {
  caPathsInEnv,
  configFile,
  existenceOf,
  nearestUp,
  onPath,
  readSettings,
  real,
  type FindContext,
} from './find.ts';
import { askVersion, childEnv, foundOnPath, type Found } from './found.ts';
import { runTool } from './run.ts';
import {
  boolish,
  envValue,
  fromEnv,
  missingFile,
  pathSource,
  Settings,
  trustOf,
  type Existence,
  type Resolution,
} from './resolve.ts';
import type { ClientEnv, Setting, SettingOrigin, ToolSource } from './types.ts';

export interface NodeInput {
  env: ClientEnv;
  version?: string;
  /** tls.rootCertificates.length of this node. */
  bundledCount?: number;
  exists: Existence;
}

/** NODE_USE_SYSTEM_CA=1: Node 22.19+ on the 22 line, 24.6+ after (23 never had it). */
export function nodeReadsUseSystemCaEnv(version: string | undefined): boolean {
  const major = Number.parseInt(version ?? '', 10);
  if (major === 22) return versionAtLeast(version, '22.19');
  return major >= 24 && versionAtLeast(version, '24.6');
}

/** --use-system-ca on Linux: 22.15+ on the 22 line, 23.9+ after. */
export function nodeHasUseSystemCaFlag(version: string | undefined): boolean {
  const major = Number.parseInt(version ?? '', 10);
  if (major === 22) return versionAtLeast(version, '22.15');
  return major >= 23 && versionAtLeast(version, '23.9');
}

function nodeOptionsFlags(env: ClientEnv): string[] {
  return (envValue(env, 'NODE_OPTIONS') ?? '').split(/\s+/).filter((t) => t.startsWith('--'));
}

export function resolveNode(input: NodeInput): Resolution {
  const { env, exists, version } = input;
  const settings = new Settings();
  const flags = nodeOptionsFlags(env);
  const flagOrigin = (flag: string): SettingOrigin => ({ kind: 'flag', flag, in: 'NODE_OPTIONS' });
  const sources: ToolSource[] = [];
  let steer: Setting | undefined;

  // The base store: bundled, or OpenSSL's with --use-openssl-ca (the last of the two flags counts).
  const storeFlag = [...flags].reverse().find((f) => f === '--use-openssl-ca' || f === '--use-bundled-ca');
  if (storeFlag === '--use-openssl-ca') {
    steer = settings.add('--use-openssl-ca', '', flagOrigin('--use-openssl-ca'), 'wins');
    const file = envValue(env, 'SSL_CERT_FILE');
    const dir = envValue(env, 'SSL_CERT_DIR');
    if (file) {
      sources.push({ ...pathSource(file, 'override', exists), kind: 'file' });
      steer = settings.add('SSL_CERT_FILE', file, fromEnv('SSL_CERT_FILE'), 'wins');
    }
    if (dir) {
      sources.push({ ...pathSource(dir, 'override', exists), kind: 'dir' });
      settings.add('SSL_CERT_DIR', dir, fromEnv('SSL_CERT_DIR'), file ? 'adds' : 'wins');
    }
    if (!file && !dir) sources.push({ kind: 'os-store', role: 'override' });
  } else {
    if (storeFlag) settings.add(storeFlag, '', flagOrigin(storeFlag), 'wins');
    sources.push({ kind: 'bundled', role: 'default', ...(input.bundledCount ? { count: input.bundledCount } : {}) });
  }

  // The OS store in addition: the flag takes precedence over the variable (cli.md).
  const useSystemFlag = flags.includes('--use-system-ca');
  const useSystemEnv = envValue(env, 'NODE_USE_SYSTEM_CA');
  let system: Setting | undefined;
  if (useSystemFlag) {
    const ok = nodeHasUseSystemCaFlag(version);
    const s = settings.add(
      '--use-system-ca',
      '',
      flagOrigin('--use-system-ca'),
      ok ? 'wins' : 'ignored',
      ok ? undefined : msg('clients:note.nodeTooOld', { version: version ?? '?', needed: '22.15 / 23.9' }),
    );
    if (ok) system = s;
  }
  if (useSystemEnv) {
    const ok = nodeReadsUseSystemCaEnv(version) && useSystemEnv === '1';
    const effect = !ok ? 'ignored' : system ? 'shadowed' : 'wins';
    const note = !nodeReadsUseSystemCaEnv(version)
      ? msg('clients:note.nodeTooOld', { version: version ?? '?', needed: '22.19 / 24.6' })
      : useSystemEnv !== '1'
        ? msg('clients:note.onlyOne')
        : undefined;
    const s = settings.add('NODE_USE_SYSTEM_CA', useSystemEnv, fromEnv('NODE_USE_SYSTEM_CA'), effect, note);
    if (effect === 'wins') system = s;
  }
  if (system) {
    sources.unshift({ kind: 'os-store', role: 'override' });
    steer = system;
  }

  const extra = envValue(env, 'NODE_EXTRA_CA_CERTS');
  let reason: Resolution['reason'];
  if (extra) {
    const missing = exists(extra) === 'none';
    settings.add(
      'NODE_EXTRA_CA_CERTS',
      extra,
      fromEnv('NODE_EXTRA_CA_CERTS'),
      missing ? 'ignored' : 'adds',
      missing ? msg('clients:note.nodeExtraMissing') : undefined,
    );
    if (!missing) sources.push({ ...pathSource(extra, 'extra', exists), kind: 'file' });
    else reason = missingFile(extra, 'NODE_EXTRA_CA_CERTS');
  }
  return { trust: trustOf(sources, steer), settings: settings.list, ...(reason ? { reason } : {}) };
}

// --- npm ---------------------------------------------------------------------------------------------

/** One value of `npm config list`: its scope ("global", "user", "project", "env", "cli"), where,
 * and whether a later scope overrides it (npm prints those commented out, "; overridden by env"). */
export interface NpmEntry {
  scope: string;
  where: SettingOrigin;
  key: string;
  value: string;
  overridden: boolean;
}

/** Parses `npm config list` (npm 7+): sections `; "user" config from /home/u/.npmrc`, then
 * `key = "json value"` lines; an overridden one is `; key = value ; overridden by SCOPE`. */
export function parseNpmConfigList(text: string): NpmEntry[] {
  const out: NpmEntry[] = [];
  let scope = '';
  let where: SettingOrigin = { kind: 'built-in' };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const head = /^; "([^"]+)" config from (.+)$/.exec(line);
    if (head) {
      scope = head[1]!;
      const from = head[2]!;
      where =
        scope === 'env'
          ? { kind: 'env', name: 'npm_config_*' }
          : scope === 'cli'
            ? { kind: 'flag', flag: 'npm' }
            : { kind: 'file', path: from };
      continue;
    }
    if (!scope) continue;
    const m = /^(;\s*)?([^\s=;]+)\s*=\s*(.*?)(\s*;\s*overridden by \S+)?$/.exec(line);
    if (!m) continue;
    if (m[1] && !m[4]) continue; // an ordinary comment
    let value = m[3]!;
    try {
      const parsed = JSON.parse(value) as unknown;
      value = Array.isArray(parsed) ? parsed.map(String).join('\n') : parsed === null ? '' : String(parsed);
    } catch {
      /* a bare word stays as printed */
    }
    out.push({ scope, where, key: m[2]!, value, overridden: !!m[4] });
  }
  return out;
}

export interface NpmInput {
  config: NpmEntry[];
  /** The node npm runs on, already resolved. */
  node: Resolution;
  exists: Existence;
}

export function resolveNpm(input: NpmInput): Resolution {
  const { config, exists } = input;
  const settings = new Settings();
  const entries = (key: string) => config.filter((e) => e.key === key);
  const effective = (key: string) => entries(key).find((e) => !e.overridden && e.value !== '');
  for (const key of ['cafile', 'ca', 'strict-ssl'])
    for (const e of entries(key)) if (e.overridden) settings.add(key, e.value, e.where, 'shadowed');

  const strict = entries('strict-ssl').find((e) => !e.overridden);
  if (strict && boolish(strict.value) === false) {
    settings.add('strict-ssl', strict.value, strict.where, 'wins');
    return {
      trust: { kind: 'bundled', sources: [] },
      settings: settings.list,
      insecure: true,
      reason: msg('clients:reason.insecure', { setting: 'strict-ssl' }),
    };
  }
  const cafile = effective('cafile');
  const ca = effective('ca');
  const nodeShadowed = (): void => {
    for (const s of input.node.settings)
      if (s.effect === 'wins' || s.effect === 'adds')
        settings.add(s.name, s.value, s.where, 'shadowed', msg('clients:note.npmCaReplaces'));
  };
  if (cafile && exists(cafile.value) !== 'none') {
    const s = settings.add('cafile', cafile.value, cafile.where, 'wins');
    if (ca) settings.add('ca', ca.value, ca.where, 'shadowed');
    nodeShadowed();
    return {
      trust: trustOf([{ ...pathSource(cafile.value, 'override', exists), kind: 'file' }], s),
      settings: settings.list,
    };
  }
  if (cafile) settings.add('cafile', cafile.value, cafile.where, 'ignored', msg('clients:note.npmCafileMissing'));
  if (ca) {
    const s = settings.add('ca', `${ca.value.split('-----BEGIN').length - 1} PEM`, ca.where, 'wins');
    nodeShadowed();
    const where = ca.where.kind === 'file' ? ca.where.path : undefined;
    return {
      trust: trustOf(
        [
          {
            kind: 'inline',
            role: 'override',
            ...(where ? { path: where } : {}),
            count: ca.value.split('-----BEGIN').length - 1,
          },
        ],
        s,
      ),
      settings: settings.list,
    };
  }
  // Nothing of npm's own: npm's requests trust what its node trusts.
  return {
    ...input.node,
    settings: [...settings.list, ...input.node.settings],
    ...(cafile ? { reason: missingFile(cafile.value, 'cafile') } : {}),
  };
}

// --- finding them -------------------------------------------------------------------------------

/** node's version and its own roots, in one start. NODE_OPTIONS is left out: a flag this node does
 * not know would stop it before it answers (the flags are read from the variable instead). */
async function askNode(
  exe: string,
  ctx: FindContext,
): Promise<{ version?: string; roots?: string[]; versionError?: Found['versionError'] }> {
  const script = "process.stdout.write(JSON.stringify([process.version, require('tls').rootCertificates]))";
  const r = await runTool(exe, ['-e', script], {
    cwd: ctx.tmpDir,
    env: childEnv(ctx.env, ['NODE_OPTIONS']),
    timeoutMs: ctx.timeoutMs,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  try {
    const [v, roots] = JSON.parse(r.stdout) as [string, string[]];
    if (typeof v === 'string' && Array.isArray(roots)) return { version: v.replace(/^v/, ''), roots };
  } catch {
    /* not a node that answers -e: ask its version the plain way */
  }
  const asked = await askVersion(exe, ['--version'], ctx, childEnv(ctx.env, ['NODE_OPTIONS']));
  return {
    ...(asked.version ? { version: asked.version } : {}),
    ...(asked.versionError ? { versionError: asked.versionError } : {}),
  };
}

/** npm's own view of its settings for the current folder; else the user and global files read here. */
async function npmConfig(
  npm: string,
  node: string,
  ctx: FindContext,
): Promise<{ entries: NpmEntry[]; version?: string }> {
  const cmd = ctx.places.npmCommand(npm, node);
  const r = await runTool(cmd.file, [...cmd.args, 'config', 'list'], {
    cwd: ctx.cwd,
    env: childEnv(ctx.env),
    timeoutMs: ctx.timeoutMs,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  if (r.ok) {
    const version = /^; npm version = (\S+)/m.exec(r.stdout)?.[1];
    return { entries: parseNpmConfigList(r.stdout), ...(version ? { version } : {}) };
  }
  // npm did not answer: its global then user file, later winning (npm docs, "npmrc").
  const entries: NpmEntry[] = [];
  const files: Array<[string, string]> = [
    ['global', ctx.places.npmGlobalRc(ctx.env, ctx.home, node)],
    ['user', ctx.places.npmUserRc(ctx.env, ctx.home)],
  ];
  for (const [scope, path] of files) {
    const text = await readSettings(path);
    if (text === undefined) continue;
    for (const e of parseIni(text)) {
      if (e.section) continue;
      const key = e.key.replace(/\[\]$/, '');
      for (const prior of entries) if (prior.key === key) prior.overridden = true;
      entries.push({
        scope,
        where: { kind: 'file', path, line: e.line },
        key,
        value: npmrcValue(e.value, ctx.env),
        overridden: false,
      });
    }
  }
  return { entries };
}

export async function findNode(ctx: FindContext): Promise<Found[]> {
  const [node] = await onPath('node', ctx);
  if (!node) return [];
  const asked = await askNode(node, ctx);
  const exists = await existenceOf(caPathsInEnv(ctx.env, ctx.places.listSeparator));
  const resolution = resolveNode({
    env: ctx.env,
    ...(asked.version ? { version: asked.version } : {}),
    ...(asked.roots ? { bundledCount: asked.roots.length } : {}),
    exists,
  });
  if (asked.roots?.length) {
    // Its own list, written to this run's temporary folder so it is judged like any bundle.
    const pem = join(ctx.tmpDir, 'node-roots.pem');
    await writeFile(pem, `${asked.roots.join('\n')}\n`);
    for (const s of resolution.trust.sources) if (s.kind === 'bundled') s.path = pem;
  }
  const out: Found[] = [
    {
      ...foundOnPath('node', node, await real(node), asked),
      resolution,
      configFiles: [],
    },
  ];
  const [npm] = await onPath('npm', ctx);
  if (!npm) return out;
  const config = await npmConfig(npm, node, ctx);
  const npmExists = await existenceOf([
    ...caPathsInEnv(ctx.env, ctx.places.listSeparator),
    ...config.entries.filter((e) => e.key === 'cafile').map((e) => e.value),
  ]);
  const project = await nearestUp(ctx.cwd, ['package.json'], ctx.places);
  out.push({
    ...foundOnPath('npm', npm, await real(npm), config),
    resolution: resolveNpm({ config: config.entries, node: resolution, exists: npmExists }),
    configFiles: await Promise.all([
      configFile(ctx.places.npmUserRc(ctx.env, ctx.home), 'user'),
      configFile(ctx.places.npmGlobalRc(ctx.env, ctx.home, node), 'global'),
      ...(project ? [configFile(ctx.places.join(project.dir, '.npmrc'), 'project')] : []),
    ]),
  });
  return out;
}
