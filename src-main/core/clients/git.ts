// git: which CA file, folder or store `git` (its libcurl) verifies HTTPS remotes with.
//
// Sources (git-config(1) "http.*", git's http.c):
// - http.sslCAInfo / http.sslCAPath, last value wins across system, global, local and -c config;
//   GIT_SSL_CAINFO / GIT_SSL_CAPATH override them (http.c set_from_env after reading the config).
// - http.<url>.sslCAInfo applies to that URL only.
// - http.sslBackend picks libcurl's backend where it has several (Git for
//   Windows: openssl or schannel). With schannel, git tells libcurl to use the Windows store and not
//   the CA file "unless http.schannelUseSSLCAInfo overrides this behavior".
// - http.sslVerify=false or GIT_SSL_NO_VERIFY turns verification off.
// - what is not set stays libcurl's build default, measured from GIT_CURL_VERBOSE (libcurlDefaults.ts);
//   measured on Debian 12: an override file is loaded *and* the default folder /etc/ssl/certs still is
//   (GnuTLS: "found 150 certificates in FILE", then "found 450 certificates in /etc/ssl/certs").
//   git does not read SSL_CERT_FILE or CURL_CA_BUNDLE (measured: SSL_CERT_FILE=/missing changes nothing).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { msg } from '../messages.ts';
import { defaultsFrom } from './curl.ts';
import { caPathsInEnv, configFile, existenceOf, kindOf, onPath, real, type FindContext } from './find.ts';
import { askVersion, childEnv, foundOnPath, type Found } from './found.ts';
import { gitDefaultsProbe, measureLibcurl } from './libcurlDefaults.ts';
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

/** One line of `git config --show-scope --show-origin -z --get-regexp '^http\.'`. */
export interface GitConfigEntry {
  scope: string;
  where: SettingOrigin;
  /** As git prints it: section and variable lowercased, a URL subsection as written. */
  key: string;
  value: string;
}

/** Parses the -z output: "scope\0origin\0key\nvalue\0" per entry. Origins are "file:PATH",
 * "command line:", "blob:...", "standard input:". */
export function parseGitConfigZ(out: string): GitConfigEntry[] {
  const parts = out.split('\0');
  const entries: GitConfigEntry[] = [];
  for (let i = 0; i + 2 < parts.length; i += 3) {
    const scope = parts[i]!;
    const origin = parts[i + 1]!;
    const kv = parts[i + 2]!;
    const nl = kv.indexOf('\n');
    const key = nl < 0 ? kv : kv.slice(0, nl);
    const value = nl < 0 ? 'true' : kv.slice(nl + 1); // a bare "key" means true
    const where: SettingOrigin = origin.startsWith('file:')
      ? { kind: 'file', path: origin.slice(5) }
      : { kind: 'flag', flag: '-c', in: scope === 'command' ? 'GIT_CONFIG_PARAMETERS' : origin.replace(/:$/, '') };
    entries.push({ scope, where, key, value });
  }
  return entries;
}

export interface GitInput {
  env: ClientEnv;
  config: GitConfigEntry[];
  /** Backends http.sslBackend can pick on this system (platform's ClientPlaces.gitBackends). */
  backends: readonly string[];
  /** libcurl's defaults as git's own verbose output named them, else the install's bundle. */
  builtIn: { file?: string; dir?: string };
  exists: Existence;
}

function last(config: GitConfigEntry[], key: string): GitConfigEntry | undefined {
  let found: GitConfigEntry | undefined;
  for (const e of config) if (e.key === key) found = e;
  return found;
}

export function resolveGit(input: GitInput): Resolution {
  const { env, config, exists } = input;
  const settings = new Settings();
  /** A config value and the variable that overrides it, recorded in that order. */
  const pick = (key: string, name: string, envName?: string): { value: string; setting: Setting } | undefined => {
    const c = last(config, key);
    const e = envName ? envValue(env, envName) : undefined;
    let won: { value: string; setting: Setting } | undefined;
    for (const entry of config.filter((x) => x.key === key)) {
      const s = settings.add(name, entry.value, entry.where, entry === c && !e ? 'wins' : 'shadowed');
      if (s.effect === 'wins') won = { value: entry.value, setting: s };
    }
    if (e && envName) won = { value: e, setting: settings.add(envName, e, fromEnv(envName), 'wins') };
    return won;
  };
  const backend = pick('http.sslbackend', 'http.sslBackend');
  const useCaInfo = pick('http.schannelusesslcainfo', 'http.schannelUseSSLCAInfo');
  const verify = pick('http.sslverify', 'http.sslVerify');
  const file = pick('http.sslcainfo', 'http.sslCAInfo', 'GIT_SSL_CAINFO');
  const dir = pick('http.sslcapath', 'http.sslCAPath', 'GIT_SSL_CAPATH');

  const chosen = backend?.value.trim().toLowerCase();
  if (backend && !input.backends.includes(chosen ?? '')) {
    backend.setting.effect = 'ignored';
    backend.setting.note = msg('clients:note.gitOneBackend');
  }
  const noVerify = envValue(env, 'GIT_SSL_NO_VERIFY');
  if (noVerify || (verify && boolish(verify.value) === false)) {
    if (noVerify) settings.add('GIT_SSL_NO_VERIFY', noVerify, fromEnv('GIT_SSL_NO_VERIFY'), 'wins');
    return {
      trust: { kind: 'file', sources: [] },
      settings: settings.list,
      insecure: true,
      reason: msg('clients:reason.insecure', { setting: noVerify ? 'GIT_SSL_NO_VERIFY' : 'http.sslVerify' }),
    };
  }

  const schannel = chosen === 'schannel' && input.backends.includes('schannel');
  const sources: ToolSource[] = [];
  let steer: Setting | undefined;
  if (schannel && !(useCaInfo && boolish(useCaInfo.value))) {
    // git passes no CA file to Schannel: the Windows store decides (git-config(1), http.schannelUseSSLCAInfo).
    for (const s of settings.list)
      if (s.name.toLowerCase().includes('sslca') || s.name.startsWith('GIT_SSL_CA'))
        if (s.effect === 'wins') {
          s.effect = 'ignored';
          s.note = msg('clients:note.schannelNoCaInfo');
        }
    sources.push({ kind: 'os-store', role: 'override' });
    steer = backend?.setting;
  } else {
    const f = file?.value ?? input.builtIn.file;
    const d = dir?.value ?? input.builtIn.dir;
    if (f) sources.push({ ...pathSource(f, file ? 'override' : 'default', exists), kind: 'file' });
    if (d && !schannel) sources.push({ ...pathSource(d, dir ? 'override' : 'default', exists), kind: 'dir' });
    steer = file?.setting ?? dir?.setting;
  }
  // http.<url>.sslCAInfo: a file for one remote only.
  for (const e of config) {
    const m = /^http\.(.+)\.sslcainfo$/.exec(e.key);
    if (!m) continue;
    settings.add(`http.${m[1]}.sslCAInfo`, e.value, e.where, 'wins', msg('clients:note.forUrl', { url: m[1]! }));
    sources.push({ ...pathSource(e.value, 'override', exists), appliesTo: m[1]! });
  }
  const res: Resolution = { trust: trustOf(sources, steer), settings: settings.list };
  if (file && !schannel && exists(file.value) === 'none')
    return { ...res, broken: true, reason: missingFile(file.value, file.setting.name) };
  if (sources.length === 0) return { ...res, reason: msg('clients:reason.noDefault') };
  return res;
}

// --- finding it ---------------------------------------------------------------------------------

/** The http.* settings git itself resolves for the current folder: system, global, repository and
 * GIT_CONFIG_* / -c values, each with where it came from. git < 2.26 has no --show-scope. */
async function gitHttpConfig(exe: string, ctx: FindContext): Promise<GitConfigEntry[]> {
  const opts = {
    cwd: ctx.cwd,
    env: childEnv(ctx.env),
    timeoutMs: ctx.timeoutMs,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  };
  const r = await runTool(exe, ['config', '--show-scope', '--show-origin', '-z', '--get-regexp', '^http\\.'], opts);
  if (r.ok) return parseGitConfigZ(r.stdout);
  if (r.exitCode === 1) return []; // no such key anywhere
  const old = await runTool(exe, ['config', '--show-origin', '-z', '--get-regexp', '^http\\.'], opts);
  if (!old.ok) return [];
  const parts = old.stdout.split('\0');
  const withScope: string[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2)
    withScope.push(parts[i]!.startsWith('file:') ? 'file' : 'command', parts[i]!, parts[i + 1]!);
  return parseGitConfigZ(`${withScope.join('\0')}\0`);
}

export async function findGit(ctx: FindContext): Promise<Found[]> {
  const [exe] = await onPath('git', ctx);
  if (!exe) return [];
  const asked = await askVersion(exe, ['--version'], ctx);
  const config = await gitHttpConfig(exe, ctx);
  const emptyHome = await mkdtemp(join(ctx.tmpDir, 'git-home-'));
  const emptyConfig = join(emptyHome, 'empty.gitconfig');
  await writeFile(emptyConfig, '');
  const measured = await measureLibcurl(exe, gitDefaultsProbe(ctx.env, emptyHome, emptyConfig), {
    cwd: emptyHome,
    timeoutMs: ctx.timeoutMs,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  let builtIn = await defaultsFrom(measured);
  const shipped = ctx.places.gitBundledCa(exe);
  if (!builtIn.file && !builtIn.dir && shipped && (await kindOf(shipped)) === 'file') builtIn = { file: shipped };
  const exists = await existenceOf([
    ...caPathsInEnv(ctx.env, ctx.places.listSeparator),
    ...config.map((e) => e.value),
    builtIn.file,
    builtIn.dir,
  ]);
  const resolution = resolveGit({ env: ctx.env, config, backends: ctx.places.gitBackends, builtIn, exists });
  const files = new Set(config.flatMap((e) => (e.where.kind === 'file' ? [e.where.path] : [])));
  const globalFile = ctx.places.join(ctx.home, '.gitconfig');
  return [
    {
      ...foundOnPath('git', exe, await real(exe), asked),
      resolution,
      configFiles: await Promise.all(
        [globalFile, ...[...files].filter((f) => f !== globalFile)].map((p) =>
          configFile(p, p === globalFile ? 'user' : 'system'),
        ),
      ),
      ...(shipped ? { bundled: shipped } : {}),
    },
  ];
}
