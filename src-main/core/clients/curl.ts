// curl: which CA file or folder the `curl` command verifies with, after every override.
//
// Sources (curl 7.88 - 8.x, src/tool_operate.c and curl(1)):
// - `--cacert FILE` / `--capath DIR`, here as `cacert` / `capath` in the .curlrc curl reads (the first
//   of $CURL_HOME/.curlrc, $XDG_CONFIG_HOME/.curlrc, $HOME/.curlrc, ...; see platform/clientPlaces.ts).
//   When either is given, no environment variable is consulted.
// - otherwise, unless the TLS backend is Schannel: CURL_CA_BUNDLE (a file); only when it is unset,
//   SSL_CERT_DIR (a folder) and SSL_CERT_FILE (a file). "If Schannel is the selected SSL backend then
//   these locations are ignored" (tool_operate.c): Schannel verifies with the Windows store.
// - on Windows builds that are not Schannel, with none of those set: curl-ca-bundle.crt beside
//   curl.exe, in the system folders or on PATH (FindWin32CACert).
// - what is not set that way stays libcurl's build default (CURL_CA_BUNDLE / CURL_CA_PATH at build
//   time), measured by TrustFix from curl's own verbose output ("CAfile:", "CApath:").
// - `insecure` / `-k` in .curlrc turns verification off; `ca-native` (curl >= 8.2) adds the OS store.
import { msg } from '../messages.ts';
import { parseCurlrc, type Entry } from './configReaders.ts';
import { caPathsInEnv, configFile, existenceOf, kindOf, onPath, readSettings, real, type FindContext } from './find.ts';
import { askVersion, foundOnPath, type Found } from './found.ts';
import { curlDefaultsProbe, measureLibcurl, type LibcurlDefaults } from './libcurlDefaults.ts';
import { runTool } from './run.ts';
import {
  envValue,
  fromEnv,
  fromFile,
  missingFile,
  pathSource,
  Settings,
  trustOf,
  type Existence,
  type Resolution,
} from './resolve.ts';
import type { ClientEnv, Setting, ToolSource } from './types.ts';

export interface CurlInput {
  env: ClientEnv;
  /** The TLS backend in use, as `curl --version` names it ("OpenSSL/3.0.13", "Schannel", ...). */
  backend?: string;
  /** libcurl's build defaults, as curl reported them; `none` spelled as absent. */
  builtIn: { file?: string; dir?: string };
  /** The .curlrc curl reads, if one exists. */
  curlrc?: { path: string; entries: Entry[] };
  /** Windows: the first curl-ca-bundle.crt curl's search finds. */
  namedBundle?: string;
  exists: Existence;
}

/** "curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.11 zlib/..." -> version and the
 * backend in use (a multi-SSL build prints the ones not selected in parentheses). */
export function parseCurlVersion(stdout: string): { version?: string; backend?: string } {
  const first = stdout.split(/\r?\n/)[0] ?? '';
  const version = /^curl\s+(\S+)/.exec(first)?.[1];
  const backend = first
    .split(/\s+/)
    .find((t) =>
      /^(OpenSSL|LibreSSL|BoringSSL|quictls|AWS-LC|GnuTLS|NSS|Schannel|SecureTransport|mbedTLS|wolfSSL|rustls|BearSSL)\b/i.test(
        t,
      ),
    );
  return { ...(version ? { version } : {}), ...(backend ? { backend } : {}) };
}

export const isSchannel = (backend: string | undefined): boolean => /^schannel/i.test(backend ?? '');

function lastOf(entries: Entry[], keys: string[]): Entry | undefined {
  let found: Entry | undefined;
  for (const e of entries) if (keys.includes(e.key)) found = e;
  return found;
}

export function resolveCurl(input: CurlInput): Resolution {
  const { env, exists } = input;
  const settings = new Settings();
  const rc = input.curlrc;
  const rcEntry = (keys: string[]): Entry | undefined => (rc ? lastOf(rc.entries, keys) : undefined);
  const insecure = rcEntry(['insecure']);
  const rcFile = rcEntry(['cacert']);
  const rcDir = rcEntry(['capath']);
  const native = rcEntry(['ca-native']);
  const schannel = isSchannel(input.backend);

  let file: { path: string; setting?: Setting } | undefined;
  let dir: { path: string; setting?: Setting } | undefined;
  if (rcFile && rc)
    file = {
      path: rcFile.value,
      setting: settings.add('cacert', rcFile.value, fromFile(rc.path, rcFile.line), 'wins'),
    };
  if (rcDir && rc)
    dir = {
      path: rcDir.value,
      setting: settings.add('capath', rcDir.value, fromFile(rc.path, rcDir.line), file ? 'adds' : 'wins'),
    };

  // The variables, in curl's order; each is recorded with what it does here.
  const bundle = envValue(env, 'CURL_CA_BUNDLE');
  const certDir = envValue(env, 'SSL_CERT_DIR');
  const certFile = envValue(env, 'SSL_CERT_FILE');
  const shadowedByRc = !!(rcFile || rcDir);
  const schannelNote = msg('clients:note.schannelIgnoresEnv');
  if (bundle) {
    const effect = shadowedByRc ? 'shadowed' : schannel ? 'ignored' : 'wins';
    const s = settings.add(
      'CURL_CA_BUNDLE',
      bundle,
      fromEnv('CURL_CA_BUNDLE'),
      effect,
      schannel ? schannelNote : undefined,
    );
    if (effect === 'wins') file = { path: bundle, setting: s };
  }
  for (const [name, value] of [
    ['SSL_CERT_DIR', certDir],
    ['SSL_CERT_FILE', certFile],
  ] as const) {
    if (!value) continue;
    const effect =
      shadowedByRc || bundle
        ? 'shadowed'
        : schannel
          ? 'ignored'
          : name === 'SSL_CERT_DIR' && certFile
            ? 'adds'
            : 'wins';
    const s = settings.add(
      name,
      value,
      fromEnv(name),
      effect,
      schannel && !shadowedByRc && !bundle ? schannelNote : undefined,
    );
    if (effect === 'wins' || effect === 'adds') {
      if (name === 'SSL_CERT_DIR') dir = { path: value, setting: s };
      else file = { path: value, setting: s };
    }
  }
  if (!file && !dir && !schannel && input.namedBundle)
    file = {
      path: input.namedBundle,
      setting: settings.add('curl-ca-bundle.crt', input.namedBundle, fromFile(input.namedBundle), 'wins'),
    };

  if (insecure && rc) {
    settings.add('insecure', '', fromFile(rc.path, insecure.line), 'wins');
    return {
      trust: { kind: file ? 'file' : 'bundled', sources: [] },
      settings: settings.list,
      insecure: true,
      reason: msg('clients:reason.insecure', { setting: 'insecure' }),
    };
  }

  const sources: ToolSource[] = [];
  if (schannel && !file && !dir) sources.push({ kind: 'os-store', role: 'default' });
  else {
    const f = file?.path ?? input.builtIn.file;
    const d = dir?.path ?? input.builtIn.dir;
    if (f) sources.push({ ...pathSource(f, file ? 'override' : 'default', exists), kind: 'file' });
    if (d)
      sources.push({
        ...pathSource(d, dir ? 'override' : 'default', exists),
        kind: 'dir',
        ...(f ? { role: dir ? 'override' : 'default' } : {}),
      });
  }
  if (native && rc) {
    settings.add('ca-native', '', fromFile(rc.path, native.line), 'adds');
    sources.push({ kind: 'os-store', role: 'extra' });
  }
  const steer = file?.setting ?? dir?.setting;
  const res: Resolution = { trust: trustOf(sources, steer), settings: settings.list };
  if (file && exists(file.path) === 'none')
    return { ...res, broken: true, reason: missingFile(file.path, file.setting?.name ?? 'cacert') };
  if (sources.length === 0) return { ...res, reason: msg('clients:reason.noDefault') };
  return res;
}

// --- finding it ---------------------------------------------------------------------------------

/** OpenSSL's default file and folder ("OPENSSLDIR: \"/usr/lib/ssl\"" -> cert.pem, certs/), the last
 * resort when curl's verbose output named nothing. */
async function opensslDefaults(ctx: FindContext): Promise<{ file?: string; dir?: string }> {
  const r = await runTool('openssl', ['version', '-d'], {
    timeoutMs: ctx.timeoutMs,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  const dir = r.ok ? /OPENSSLDIR:\s*"([^"]*)"/.exec(r.stdout)?.[1] : undefined;
  return dir ? { file: ctx.places.join(dir, 'cert.pem'), dir: ctx.places.join(dir, 'certs') } : {};
}

/** Splits GnuTLS's "found N certificates in PATH" lines into the file and the folder they name. */
export async function defaultsFrom(measured: LibcurlDefaults | undefined): Promise<{ file?: string; dir?: string }> {
  if (!measured) return {};
  const out: { file?: string; dir?: string } = {
    ...(measured.file ? { file: measured.file } : {}),
    ...(measured.dir ? { dir: measured.dir } : {}),
  };
  for (const p of measured.loaded) {
    const kind = await kindOf(p);
    if (kind === 'dir') out.dir ??= p;
    else if (kind === 'file') out.file ??= p;
  }
  return out;
}

export async function findCurl(ctx: FindContext): Promise<Found[]> {
  const [exe] = await onPath('curl', ctx);
  if (!exe) return [];
  const asked = await askVersion(exe, ['--version'], ctx);
  const { backend } = parseCurlVersion(asked.stdout);
  const measured = await measureLibcurl(exe, curlDefaultsProbe(ctx.env), {
    cwd: ctx.tmpDir,
    timeoutMs: ctx.timeoutMs,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  let builtIn = await defaultsFrom(measured);
  if (!builtIn.file && !builtIn.dir && !isSchannel(backend) && /ssl/i.test(backend ?? ''))
    builtIn = await opensslDefaults(ctx);
  const rcFiles = ctx.places.curlrcFiles(ctx.env, ctx.home, exe);
  let curlrc: CurlInput['curlrc'];
  for (const path of rcFiles) {
    const text = await readSettings(path);
    if (text !== undefined) {
      curlrc = { path, entries: parseCurlrc(text) };
      break;
    }
  }
  let namedBundle: string | undefined;
  for (const p of ctx.places.curlBundleSearch(ctx.env, exe))
    if ((await kindOf(p)) === 'file') {
      namedBundle = p;
      break;
    }
  const exists = await existenceOf([
    ...caPathsInEnv(ctx.env, ctx.places.listSeparator),
    ...(curlrc?.entries.map((e) => e.value) ?? []),
    builtIn.file,
    builtIn.dir,
    namedBundle,
  ]);
  const resolution = resolveCurl({
    env: ctx.env,
    ...(backend ? { backend } : {}),
    builtIn,
    ...(curlrc ? { curlrc } : {}),
    ...(namedBundle ? { namedBundle } : {}),
    exists,
  });
  return [
    {
      ...foundOnPath('curl', exe, await real(exe), asked),
      resolution,
      configFiles: await Promise.all(rcFiles.slice(0, 3).map((p) => configFile(p, 'user'))),
    },
  ];
}
