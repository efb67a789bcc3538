// conda (and mamba, which reads the same .condarc): what conda's requests session verifies with.
//
// Sources (conda docs "Using non-standard certificates" / "SSL verification" and the .condarc
// search path in conda/base/constants.py; conda/gateways/connection/session.py):
// - `ssl_verify` (alias `verify_ssl`) in the .condarc files, later files winning, and CONDA_SSL_VERIFY
//   over all of them: true (default), false, a CA file, a CA folder, or `truststore` (conda >= 23.9
//   on Python >= 3.10: the OS verifier through the truststore package).
// - with `true`, requests' default: certifi's cacert.pem in conda's own Python (conda's base env).
// - CondaSession sets `session.verify` and never passes `verify` per request, so requests'
//   merge_environment_settings lets REQUESTS_CA_BUNDLE (else CURL_CA_BUNDLE) replace it
//   (psf/requests#3829) — even `ssl_verify: false`. With truststore the file is loaded into
//   truststore's context as well, in addition to the OS store.
import { msg } from '../messages.ts';
import { basename } from 'node:path';
import { versionAtLeast } from '../pythons/clients.ts';
import { condaBaseDirs, condaEnvironmentsTxt } from '../pythons/locations.ts';
import { parseYamlTopLevel, type Entry } from './configReaders.ts';
import {
  caPathsInEnv,
  configFile,
  existenceOf,
  firstFileIn,
  kindOf,
  onPath,
  readSettings,
  real,
  sitePackagesUnder,
  type FindContext,
} from './find.ts';
import { askVersion, type Found } from './found.ts';
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

export interface CondaInput {
  env: ClientEnv;
  version?: string;
  /** The Python conda runs on (its base environment). */
  pythonVersion?: string;
  /** The .condarc files that exist, in conda's search order (later wins). */
  condarc: Array<{ path: string; entries: Entry[] }>;
  /** requests' default bundle in conda's base environment (certifi's cacert.pem). */
  defaultBundle?: string;
  exists: Existence;
}

export function resolveConda(input: CondaInput): Resolution {
  const { env, exists } = input;
  const settings = new Settings();
  let chosen: { value: string; setting: Setting } | undefined;
  for (const file of input.condarc) {
    for (const e of file.entries) {
      if (e.key !== 'ssl_verify' && e.key !== 'verify_ssl') continue;
      settings.shadowAll();
      chosen = { value: e.value, setting: settings.add('ssl_verify', e.value, fromFile(file.path, e.line), 'wins') };
    }
  }
  const fromVar = envValue(env, 'CONDA_SSL_VERIFY');
  if (fromVar) {
    settings.shadowAll();
    chosen = {
      value: fromVar,
      setting: settings.add('CONDA_SSL_VERIFY', fromVar, fromEnv('CONDA_SSL_VERIFY'), 'wins'),
    };
  }

  const requestsVar = ['REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE']
    .map((n) => [n, envValue(env, n)] as const)
    .find(([, v]) => v);
  const sources: ToolSource[] = [];
  let steer: Setting | undefined;
  let insecure = false;
  let reason: Resolution['reason'];
  const value = chosen?.value.trim();
  const flag = value === undefined ? true : boolish(value);

  if (value?.toLowerCase() === 'truststore') {
    const supported =
      (!input.version || versionAtLeast(input.version, '23.9')) &&
      (!input.pythonVersion || versionAtLeast(input.pythonVersion, '3.10'));
    if (!supported) {
      chosen!.setting.effect = 'error';
      chosen!.setting.note = msg('clients:note.condaTruststore', {
        version: input.version ?? '?',
        python: input.pythonVersion ?? '?',
      });
      return {
        trust: trustOf([]),
        settings: settings.list,
        broken: true,
        reason: msg('clients:reason.condaTruststore'),
      };
    }
    steer = chosen!.setting;
    sources.push({ kind: 'os-store', role: 'override' });
    if (requestsVar) {
      sources.push({ ...pathSource(requestsVar[1]!, 'extra', exists), kind: 'file' });
      settings.add(requestsVar[0], requestsVar[1]!, fromEnv(requestsVar[0]), 'adds');
    }
  } else if (requestsVar) {
    settings.shadowAll();
    steer = settings.add(
      requestsVar[0],
      requestsVar[1]!,
      fromEnv(requestsVar[0]),
      'wins',
      msg('clients:note.requestsEnvWins'),
    );
    sources.push(pathSource(requestsVar[1]!, 'override', exists));
  } else if (flag === false) {
    insecure = true;
    reason = msg('clients:reason.insecure', { setting: 'ssl_verify' });
  } else if (flag === true) {
    if (input.defaultBundle) sources.push({ kind: 'file', path: input.defaultBundle, role: 'default' });
  } else if (value) {
    steer = chosen!.setting;
    sources.push(pathSource(value, 'override', exists));
  }
  const second = ['REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE'].filter((n) => n !== requestsVar?.[0] && envValue(env, n));
  for (const n of second) settings.add(n, envValue(env, n)!, fromEnv(n), 'shadowed');
  const res: Resolution = {
    trust: trustOf(sources, steer),
    settings: settings.list,
    ...(insecure ? { insecure } : {}),
    ...(reason ? { reason } : {}),
  };
  const main = sources[0];
  if (main?.path && main.role === 'override' && exists(main.path) === 'none')
    return { ...res, broken: true, reason: missingFile(main.path, steer?.name ?? 'ssl_verify') };
  if (!insecure && sources.length === 0) return { ...res, reason: msg('clients:reason.noDefault') };
  return res;
}

// --- finding it ---------------------------------------------------------------------------------

/** conda and mamba programs: CONDA_EXE, PATH, the usual install folders and conda's own list of
 * environments (~/.conda/environments.txt), each program once. */
async function condaPrograms(ctx: FindContext): Promise<Array<{ exe: string; foundBy: string }>> {
  const loc = { env: ctx.env as NodeJS.ProcessEnv, home: ctx.home, cwd: ctx.cwd, platform: ctx.platform };
  const out: Array<{ exe: string; foundBy: string }> = [];
  if (envValue(ctx.env, 'CONDA_EXE')) out.push({ exe: ctx.env.CONDA_EXE!, foundBy: 'CONDA_EXE' });
  for (const name of ['conda', 'mamba']) for (const exe of await onPath(name, ctx)) out.push({ exe, foundBy: 'PATH' });
  const prefixes = [...condaBaseDirs(loc), ...(await condaEnvironmentsTxt(loc))];
  for (const prefix of prefixes) {
    for (const sub of ['bin', 'condabin', 'Scripts']) {
      for (const name of ['conda', 'mamba']) {
        for (const file of ctx.places.programNames(name)) {
          const exe = ctx.places.join(prefix, sub, file);
          if ((await kindOf(exe)) === 'file') out.push({ exe, foundBy: 'conda-prefix' });
        }
      }
    }
  }
  return out;
}

export async function findConda(ctx: FindContext): Promise<Found[]> {
  const seen = new Map<string, Found>();
  for (const { exe, foundBy } of await condaPrograms(ctx)) {
    const realExe = await real(exe);
    const name = /^mamba/i.test(basename(realExe)) ? 'mamba' : 'conda';
    const known = seen.get(`${name}|${realExe}`);
    if (known) {
      if (!known.foundBy.includes(foundBy)) known.foundBy.push(foundBy);
      continue;
    }
    const root = ctx.places.dirname(ctx.places.dirname(realExe));
    const asked = await askVersion(exe, ['--version'], ctx);
    const sites = await sitePackagesUnder(root, ctx.places);
    const defaultBundle = await firstFileIn(sites, ['certifi', 'cacert.pem'], ctx.places);
    const pythonVersion =
      ctx.pythons.find((p) => p.prefix === root)?.version ?? /python(\d+\.\d+)/.exec(sites[0] ?? '')?.[1];
    const paths = ctx.places.condarcFiles(ctx.env, ctx.home, root);
    const condarc: CondaInput['condarc'] = [];
    for (const path of paths) {
      const text = await readSettings(path);
      if (text !== undefined) condarc.push({ path, entries: parseYamlTopLevel(text) });
    }
    const exists = await existenceOf([
      ...caPathsInEnv(ctx.env, ctx.places.listSeparator),
      ...condarc.flatMap((f) => f.entries.map((e) => e.value)),
    ]);
    const resolution = resolveConda({
      env: ctx.env,
      ...(asked.version ? { version: asked.version } : {}),
      ...(pythonVersion ? { pythonVersion } : {}),
      condarc,
      ...(defaultBundle ? { defaultBundle } : {}),
      exists,
    });
    seen.set(`${name}|${realExe}`, {
      name,
      executable: exe,
      real: realExe,
      foundBy: [foundBy],
      ...(asked.version ? { version: asked.version } : {}),
      ...(asked.versionError ? { versionError: asked.versionError } : {}),
      resolution,
      configFiles: await Promise.all([
        configFile(ctx.places.join(ctx.home, '.condarc'), 'user'),
        ...condarc.map((f) => configFile(f.path, f.path.startsWith(root) ? 'global' : 'user')),
      ]),
      ...(defaultBundle ? { bundled: defaultBundle } : {}),
    });
  }
  return [...seen.values()];
}
