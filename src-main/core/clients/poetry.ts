// poetry: what its requests-based HTTP client verifies with, for PyPI and for each configured source.
//
// Sources (Poetry docs, "Configuration" and "Repositories"; poetry/utils/authenticator.py):
// - `certificates.<source>.cert`: a CA bundle for that repository only (or `false`: no verification
//   for it), in the user config.toml (POETRY_CONFIG_DIR, else the per-OS folder) or a project's
//   poetry.toml (which wins); POETRY_CERTIFICATES_<SOURCE>_CERT wins over both (the source name
//   upper-cased, "-" and "." as "_").
// - a configured cert is passed to requests as `verify=` for that source's URLs, which requests'
//   environment variables do not replace. Everything else (PyPI, sources without a cert) uses
//   requests' default: REQUESTS_CA_BUNDLE, else CURL_CA_BUNDLE, else certifi in poetry's own
//   environment. Poetry has no option for the OS store (python-poetry/poetry#9249, open).
import { msg } from '../messages.ts';
import { parseToml, type Entry } from './configReaders.ts';
import {
  caPathsInEnv,
  configFile,
  existenceOf,
  firstFileIn,
  nearestUp,
  onPath,
  readSettings,
  real,
  shebangPython,
  sitePackagesUnder,
  throughShims,
  type FindContext,
} from './find.ts';
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

export interface PoetryInput {
  env: ClientEnv;
  /** Least important first: the user config.toml, then the project's poetry.toml. */
  files: Array<{ path: string; entries: Entry[] }>;
  /** certifi's cacert.pem in poetry's environment. */
  defaultBundle?: string;
  exists: Existence;
}

const CERT_KEY = /^certificates\.(.+)\.cert$/;
const CERT_ENV = /^POETRY_CERTIFICATES_(.+)_CERT$/;

export function resolvePoetry(input: PoetryInput): Resolution {
  const { env, exists } = input;
  const settings = new Settings();
  // Per repository: the last file's value, then the variable.
  const perSource = new Map<string, { value: string; setting: Setting }>();
  for (const file of input.files) {
    for (const e of file.entries) {
      const m = CERT_KEY.exec(e.key);
      if (!m) continue;
      const name = m[1]!.replace(/^"|"$/g, '');
      const prior = perSource.get(name.toUpperCase().replace(/[-.]/g, '_'));
      if (prior) prior.setting.effect = 'shadowed';
      perSource.set(name.toUpperCase().replace(/[-.]/g, '_'), {
        value: e.value,
        setting: settings.add(
          `certificates.${name}.cert`,
          e.value,
          fromFile(file.path, e.line),
          'wins',
          msg('clients:note.forSource', { source: name }),
        ),
      });
    }
  }
  for (const [name, value] of Object.entries(env)) {
    const m = CERT_ENV.exec(name);
    if (!m || !value?.trim()) continue;
    const prior = perSource.get(m[1]!);
    if (prior) prior.setting.effect = 'shadowed';
    perSource.set(m[1]!, {
      value,
      setting: settings.add(
        name,
        value,
        fromEnv(name),
        'wins',
        msg('clients:note.forSource', { source: m[1]!.toLowerCase() }),
      ),
    });
  }

  const requestsVar = ['REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE']
    .map((n) => [n, envValue(env, n)] as const)
    .find(([, v]) => v);
  const sources: ToolSource[] = [];
  let steer: Setting | undefined;
  if (requestsVar) {
    steer = settings.add(requestsVar[0], requestsVar[1]!, fromEnv(requestsVar[0]), 'wins');
    sources.push(pathSource(requestsVar[1]!, 'override', exists));
  } else if (input.defaultBundle) sources.push({ kind: 'file', path: input.defaultBundle, role: 'default' });

  let insecureFor: string | undefined;
  for (const [key, { value, setting }] of perSource) {
    if (setting.effect !== 'wins') continue;
    const name = setting.name.startsWith('certificates.')
      ? setting.name.slice('certificates.'.length, -'.cert'.length)
      : key.toLowerCase();
    const flag = boolish(value);
    if (flag === false) insecureFor ??= name;
    else if (flag === undefined) sources.push({ ...pathSource(value, 'override', exists), appliesTo: name });
  }
  const res: Resolution = { trust: trustOf(sources, steer), settings: settings.list };
  const missing = sources.find((s) => s.role === 'override' && s.path && exists(s.path) === 'none');
  if (missing?.path)
    return {
      ...res,
      broken: true,
      reason: missingFile(
        missing.path,
        missing.appliesTo ? `certificates.${missing.appliesTo}.cert` : (steer?.name ?? ''),
      ),
    };
  if (insecureFor)
    return {
      ...res,
      insecure: true,
      reason: msg('clients:reason.insecureFor', { setting: `certificates.${insecureFor}.cert`, source: insecureFor }),
    };
  if (sources.length === 0) return { ...res, reason: msg('clients:reason.noDefault') };
  return res;
}

// --- finding it ---------------------------------------------------------------------------------

/** The environment poetry runs in: its Scripts\ folder's parent on Windows, else its #! interpreter's. */
async function poetryPrefix(exe: string, ctx: FindContext): Promise<string | undefined> {
  const byFolder = ctx.places.scriptPrefix(exe);
  if (byFolder) return byFolder;
  const interp = await shebangPython(exe);
  return interp ? ctx.places.dirname(ctx.places.dirname(interp)) : undefined;
}

export async function findPoetry(ctx: FindContext): Promise<Found[]> {
  const [exe] = await onPath('poetry', ctx);
  if (!exe) return [];
  const realExe = await real(await throughShims(exe, ctx));
  const asked = await askVersion(exe, ['--version'], ctx);
  const prefix = await poetryPrefix(realExe, ctx);
  const defaultBundle = prefix
    ? await firstFileIn(await sitePackagesUnder(prefix, ctx.places), ['certifi', 'cacert.pem'], ctx.places)
    : undefined;
  const userConfig = ctx.places.join(ctx.places.poetryConfigDir(ctx.env, ctx.home), 'config.toml');
  const project = await nearestUp(ctx.cwd, ['poetry.toml', 'pyproject.toml'], ctx.places);
  const projectConfig = project ? ctx.places.join(project.dir, 'poetry.toml') : undefined;
  const files: PoetryInput['files'] = [];
  for (const path of [userConfig, projectConfig]) {
    const text = path ? await readSettings(path) : undefined;
    if (path && text !== undefined) files.push({ path, entries: parseToml(text) });
  }
  const exists = await existenceOf([
    ...caPathsInEnv(ctx.env, ctx.places.listSeparator),
    ...files.flatMap((f) => f.entries.map((e) => e.value)),
  ]);
  return [
    {
      ...foundOnPath('poetry', exe, realExe, asked),
      resolution: resolvePoetry({ env: ctx.env, files, ...(defaultBundle ? { defaultBundle } : {}), exists }),
      configFiles: await Promise.all([
        configFile(userConfig, 'user'),
        ...(projectConfig ? [configFile(projectConfig, 'project')] : []),
      ]),
      ...(defaultBundle ? { bundled: defaultBundle } : {}),
    },
  ];
}
