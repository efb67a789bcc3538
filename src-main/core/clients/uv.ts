// uv: what its HTTP client (rustls) verifies with.
//
// Sources (uv docs: concepts/authentication/certificates.md, reference/environment.md,
// concepts/configuration-files.md):
// - by default "bundled Mozilla root certificates" (webpki-roots): no file on disk.
// - `--system-certs` / UV_SYSTEM_CERTS=true / `system-certs = true` (uv >= 0.11.0): the OS verifier
//   (rustls-platform-verifier). The older names `--native-tls` / UV_NATIVE_TLS / `native-tls = true`
//   mean the same and are deprecated.
// - SSL_CERT_FILE (a PEM file) or SSL_CERT_DIR (folders, separated like PATH): "When set, these
//   environment variables override the default certificate source entirely — only the provided
//   certificates will be trusted" (also over --native-tls: astral-sh/uv#12982).
// - settings precedence: command line > environment > project (uv.toml, else pyproject.toml
//   [tool.uv], nearest upward) > user (~/.config/uv/uv.toml) > system (/etc/uv/uv.toml);
//   UV_CONFIG_FILE names the only file read, UV_NO_CONFIG reads none.
// - uv does NOT read REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE or PIP_CERT: reported as ignored when set,
//   since people set them expecting uv to follow.
import { msg } from '../messages.ts';
import { versionAtLeast } from '../pythons/clients.ts';
import { parseToml, type Entry } from './configReaders.ts';
import { caPathsInEnv, configFile, existenceOf, onPath, readSettings, real, type FindContext } from './find.ts';
import { askVersion, foundOnPath, type Found } from './found.ts';
import {
  boolish,
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

export interface UvConfigFile {
  path: string;
  scope: 'project' | 'user' | 'system' | 'env';
  /** Entries with full dotted keys; in pyproject.toml the keys sit under "tool.uv.". */
  entries: Entry[];
  pyproject: boolean;
}

export interface UvInput {
  env: ClientEnv;
  version?: string;
  /** Most important first: UV_CONFIG_FILE, or project, user, system. */
  files: UvConfigFile[];
  /** The separator SSL_CERT_DIR uses on this OS (":" or ";"). */
  listSeparator: string;
  exists: Existence;
}

const SYSTEM_CERTS_SINCE = '0.11.0';

export function resolveUv(input: UvInput): Resolution {
  const { env, exists } = input;
  const settings = new Settings();
  const newNames = !input.version || versionAtLeast(input.version, SYSTEM_CERTS_SINCE);
  const tooOld = msg('clients:note.uvTooOld', { version: input.version ?? '?', needed: SYSTEM_CERTS_SINCE });

  // The OS-verifier switch, in precedence order; the first one found decides, the rest are shadowed.
  let system: { on: boolean; setting: Setting } | undefined;
  const consider = (name: string, value: string, where: Setting['where'], newName: boolean): void => {
    const on = boolish(value);
    if (on === undefined) return;
    if (newName && !newNames) {
      settings.add(name, value, where, 'ignored', tooOld);
      return;
    }
    const s = settings.add(name, value, where, system ? 'shadowed' : 'wins');
    if (!system) system = { on, setting: s };
  };
  for (const [name, newName] of [
    ['UV_SYSTEM_CERTS', true],
    ['UV_NATIVE_TLS', false],
  ] as const) {
    const v = envValue(env, name);
    if (v !== undefined) consider(name, v, fromEnv(name), newName);
  }
  for (const file of input.files) {
    const prefix = file.pyproject ? 'tool.uv.' : '';
    for (const [key, newName] of [
      ['system-certs', true],
      ['native-tls', false],
    ] as const) {
      const e = file.entries.find((x) => x.key === `${prefix}${key}`);
      if (e) consider(key, e.value, fromFile(file.path, e.line), newName);
    }
  }

  // SSL_CERT_FILE / SSL_CERT_DIR replace every other source.
  const certFile = envValue(env, 'SSL_CERT_FILE');
  const certDir = envValue(env, 'SSL_CERT_DIR');
  const sources: ToolSource[] = [];
  let steer: Setting | undefined;
  if (certFile) {
    steer = settings.add('SSL_CERT_FILE', certFile, fromEnv('SSL_CERT_FILE'), 'wins');
    sources.push({ ...pathSource(certFile, 'override', exists), kind: 'file' });
  }
  if (certDir) {
    const s = settings.add('SSL_CERT_DIR', certDir, fromEnv('SSL_CERT_DIR'), certFile ? 'adds' : 'wins');
    steer ??= s;
    for (const d of certDir.split(input.listSeparator).filter(Boolean))
      sources.push({ ...pathSource(d, 'override', exists), kind: 'dir' });
  }
  if (sources.length) {
    for (const s of settings.list)
      if (s !== steer && s.effect === 'wins' && s.name !== 'SSL_CERT_DIR') s.effect = 'shadowed';
  } else if (system?.on) {
    steer = system.setting;
    sources.push({ kind: 'os-store', role: 'override' });
  } else sources.push({ kind: 'bundled', role: 'default' });

  for (const name of ['REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'PIP_CERT']) {
    const v = envValue(env, name);
    if (v) settings.add(name, v, fromEnv(name), 'ignored', msg('clients:note.uvIgnores'));
  }
  const res: Resolution = { trust: trustOf(sources, steer), settings: settings.list };
  if (certFile && exists(certFile) === 'none')
    return { ...res, broken: true, reason: missingFile(certFile, 'SSL_CERT_FILE') };
  return res;
}

// --- finding it ---------------------------------------------------------------------------------

/** The files uv reads, most important first (uv docs, configuration-files). A pyproject.toml counts
 * as the project's file only when it has a [tool.uv] table; a uv.toml beside it wins. */
export async function uvConfigFiles(ctx: FindContext): Promise<UvConfigFile[]> {
  const read = async (
    path: string,
    scope: UvConfigFile['scope'],
    pyproject = false,
  ): Promise<UvConfigFile | undefined> => {
    const text = await readSettings(path);
    return text === undefined ? undefined : { path, scope, entries: parseToml(text), pyproject };
  };
  if (envValue(ctx.env, 'UV_NO_CONFIG') && boolish(ctx.env.UV_NO_CONFIG) !== false) return [];
  const only = envValue(ctx.env, 'UV_CONFIG_FILE');
  if (only) return [await read(only, 'env')].filter((f): f is UvConfigFile => !!f);
  const out: UvConfigFile[] = [];
  for (let dir = ctx.cwd; ; dir = ctx.places.dirname(dir)) {
    const uvToml = await read(ctx.places.join(dir, 'uv.toml'), 'project');
    const py = uvToml ? undefined : await read(ctx.places.join(dir, 'pyproject.toml'), 'project', true);
    const found = uvToml ?? (py?.entries.some((e) => e.key.startsWith('tool.uv.')) ? py : undefined);
    if (found) {
      out.push(found);
      break;
    }
    if (ctx.places.dirname(dir) === dir) break;
  }
  const places = ctx.places.uvConfigFiles(ctx.env, ctx.home);
  const user = await read(places.user, 'user');
  if (user) out.push(user);
  for (const path of places.system) {
    const system = await read(path, 'system');
    if (system) {
      out.push(system);
      break;
    }
  }
  return out;
}

export async function findUv(ctx: FindContext): Promise<Found[]> {
  const [exe] = await onPath('uv', ctx);
  if (!exe) return [];
  const asked = await askVersion(exe, ['--version'], ctx);
  const files = await uvConfigFiles(ctx);
  const exists = await existenceOf(caPathsInEnv(ctx.env, ctx.places.listSeparator));
  const places = ctx.places.uvConfigFiles(ctx.env, ctx.home);
  return [
    {
      ...foundOnPath('uv', exe, await real(exe), asked),
      resolution: resolveUv({
        env: ctx.env,
        ...(asked.version ? { version: asked.version } : {}),
        files,
        listSeparator: ctx.places.listSeparator,
        exists,
      }),
      configFiles: await Promise.all([
        configFile(places.user, 'user'),
        ...files.filter((f) => f.scope === 'project').map((f) => configFile(f.path, 'project')),
      ]),
    },
  ];
}
