// botocore (boto3, the AWS CLI v1 and, vendored, v2): what its HTTPS sessions verify with.
//
// Sources (botocore 1.43: configprovider.py 'ca_bundle': ('ca_bundle', 'AWS_CA_BUNDLE', None, None),
// session.py create_client, endpoint.py _get_verify_value, httpsession.py where/get_cert_path):
// 1. `verify=` in code, or the CLI's --ca-bundle (not persistent: not read here);
// 2. AWS_CA_BUNDLE, set at all (an empty value is a value);
// 3. `ca_bundle` in the profile's section of the config file (AWS_CONFIG_FILE, else ~/.aws/config;
//    profile AWS_PROFILE, else AWS_DEFAULT_PROFILE, else "default"; sections "[default]" and
//    "[profile NAME]");
// 4. REQUESTS_CA_BUNDLE (endpoint.py: "use the value from REQUESTS_CA_BUNDLE, or default to True");
// 5. certifi.where() when certifi is importable in that Python, else botocore's own cacert.pem.
// An empty value: botocore >= 1.43.54 raises InvalidConfigError ("Invalid CA bundle", boto/botocore
// #3751, aws/aws-cli#10497); older botocore takes "" as false and sets CERT_NONE (_setup_ssl_cert):
// no verification at all.
import { msg } from '../messages.ts';
import { versionAtLeast } from '../pythons/clients.ts';
import { parseIni, type IniEntry } from './configReaders.ts';
import {
  caPathsInEnv,
  configFile,
  existenceOf,
  firstFileIn,
  kindOf,
  moduleVersion,
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

export const EMPTY_BUNDLE_ERROR_SINCE = '1.43.54';

export interface BotocoreInput {
  env: ClientEnv;
  botocoreVersion?: string;
  /** The config file and its entries, when it exists. */
  config?: { path: string; entries: IniEntry[] };
  /** certifi's cacert.pem when certifi is importable beside botocore. */
  certifi?: string;
  /** botocore's own cacert.pem. */
  ownBundle?: string;
  exists: Existence;
}

export function awsProfile(env: ClientEnv): string {
  return env.AWS_PROFILE?.trim() || env.AWS_DEFAULT_PROFILE?.trim() || 'default';
}

export function resolveBotocore(input: BotocoreInput): Resolution {
  const { env, exists } = input;
  const settings = new Settings();
  const profile = awsProfile(env);
  const section = profile === 'default' ? ['default', 'profile default'] : [`profile ${profile}`];
  let chosen: { value: string; setting: Setting } | undefined;

  const awsVar = env.AWS_CA_BUNDLE;
  if (awsVar !== undefined)
    chosen = { value: awsVar, setting: settings.add('AWS_CA_BUNDLE', awsVar, fromEnv('AWS_CA_BUNDLE'), 'wins') };
  const conf = input.config?.entries.filter((e) => section.includes(e.section) && e.key === 'ca_bundle').at(-1);
  if (conf && input.config) {
    const s = settings.add(
      'ca_bundle',
      conf.value,
      fromFile(input.config.path, conf.line),
      chosen ? 'shadowed' : 'wins',
      msg('clients:note.awsProfile', { profile }),
    );
    chosen ??= { value: conf.value, setting: s };
  }
  const reqVar = env.REQUESTS_CA_BUNDLE;
  if (reqVar !== undefined) {
    const s = settings.add('REQUESTS_CA_BUNDLE', reqVar, fromEnv('REQUESTS_CA_BUNDLE'), chosen ? 'shadowed' : 'wins');
    chosen ??= { value: reqVar, setting: s };
  }

  if (chosen && !chosen.value.trim()) {
    const errors = !input.botocoreVersion || versionAtLeast(input.botocoreVersion, EMPTY_BUNDLE_ERROR_SINCE);
    chosen.setting.effect = errors ? 'error' : 'wins';
    chosen.setting.note = msg(errors ? 'clients:note.awsEmptyError' : 'clients:note.awsEmptyOff', {
      since: EMPTY_BUNDLE_ERROR_SINCE,
    });
    return errors
      ? {
          trust: trustOf([]),
          settings: settings.list,
          broken: true,
          reason: msg('clients:reason.awsEmpty', { setting: chosen.setting.name }),
        }
      : {
          trust: trustOf([]),
          settings: settings.list,
          insecure: true,
          reason: msg('clients:reason.insecure', { setting: chosen.setting.name }),
        };
  }
  const sources: ToolSource[] = [];
  if (chosen) sources.push(pathSource(chosen.value, 'override', exists));
  else if (input.certifi) sources.push({ kind: 'file', path: input.certifi, role: 'default' });
  else if (input.ownBundle) sources.push({ kind: 'file', path: input.ownBundle, role: 'default' });
  const res: Resolution = { trust: trustOf(sources, chosen?.setting), settings: settings.list };
  if (chosen && exists(chosen.value) === 'none')
    return { ...res, broken: true, reason: missingFile(chosen.value, chosen.setting.name) };
  if (chosen && exists(chosen.value) === 'dir')
    return { ...res, broken: true, reason: msg('clients:reason.awsDir', { path: chosen.value }) };
  if (!chosen && input.certifi && input.ownBundle)
    return {
      ...res,
      reason: msg('clients:reason.botocoreUsesCertifi', { certifi: input.certifi, own: input.ownBundle }),
    };
  if (sources.length === 0) return { ...res, reason: msg('clients:reason.noDefault') };
  return res;
}

// --- finding them -------------------------------------------------------------------------------

async function botocoreFacts(
  botocoreDir: string,
  certifi: string | undefined,
  ctx: FindContext,
  version?: string,
): Promise<{ input: BotocoreInput; configPath: string }> {
  const configPath = ctx.places.awsConfigFile(ctx.env, ctx.home);
  const text = await readSettings(configPath);
  const config = text === undefined ? undefined : { path: configPath, entries: parseIni(text) };
  const ownBundle = ctx.places.join(botocoreDir, 'cacert.pem');
  const botocoreVersion = version ?? (await moduleVersion(ctx.places.join(botocoreDir, '__init__.py')));
  const exists = await existenceOf([
    ...caPathsInEnv(ctx.env, ctx.places.listSeparator),
    ...(config?.entries.map((e) => e.value) ?? []),
    certifi,
    ownBundle,
  ]);
  return {
    configPath,
    input: {
      env: ctx.env,
      ...(botocoreVersion ? { botocoreVersion } : {}),
      ...(config ? { config } : {}),
      ...(certifi && exists(certifi) === 'file' ? { certifi } : {}),
      ...(exists(ownBundle) === 'file' ? { ownBundle } : {}),
      exists,
    },
  };
}

/** The AWS CLI: v1 is a Python script (its #! names the interpreter whose botocore it uses), v2 a
 * frozen program with botocore vendored as awscli/botocore beside it. */
async function findAwsCli(ctx: FindContext): Promise<Found[]> {
  const [exe] = await onPath('aws', ctx);
  if (!exe) return [];
  const realExe = await real(await throughShims(exe, ctx));
  const interp = await shebangPython(realExe);
  let botocoreDir: string | undefined;
  let certifi: string | undefined;
  let asked: Awaited<ReturnType<typeof askVersion>>;
  if (interp) {
    // v1: its package says its version; starting it (Python + awscli imports) costs seconds.
    const sites = await sitePackagesUnder(ctx.places.dirname(ctx.places.dirname(interp)), ctx.places);
    botocoreDir = (await firstFileIn(sites, ['botocore', '__init__.py'], ctx.places))?.slice(
      0,
      -'__init__.py'.length - 1,
    );
    certifi = await firstFileIn(sites, ['certifi', 'cacert.pem'], ctx.places);
    const init = await firstFileIn(sites, ['awscli', '__init__.py'], ctx.places);
    const version = init ? await moduleVersion(init) : undefined;
    asked = version ? { version, stdout: '' } : await askVersion(exe, ['--version'], ctx);
  } else {
    const dist = ctx.places.dirname(realExe);
    const vendored = ctx.places.join(dist, 'awscli', 'botocore');
    if ((await kindOf(vendored)) === 'dir') botocoreDir = vendored;
    certifi = await firstFileIn([dist], ['certifi', 'cacert.pem'], ctx.places);
    asked = await askVersion(exe, ['--version'], ctx);
  }
  const botocoreVersion = /botocore\/(\S+)/.exec(asked.stdout)?.[1];
  const facts = botocoreDir ? await botocoreFacts(botocoreDir, certifi, ctx, botocoreVersion) : undefined;
  const resolution = facts
    ? resolveBotocore(facts.input)
    : { trust: trustOf([]), settings: [], reason: msg('clients:reason.botocoreNotFound') };
  return [
    {
      ...foundOnPath('aws', exe, realExe, asked),
      resolution,
      configFiles: [await configFile(ctx.places.awsConfigFile(ctx.env, ctx.home), 'user')],
      ...(facts && (facts.input.certifi ?? facts.input.ownBundle)
        ? { bundled: (facts.input.certifi ?? facts.input.ownBundle)! }
        : {}),
    },
  ];
}

/** botocore as a library, in each interpreter found (boto3 and everything built on it). */
async function findBotocoreLibraries(ctx: FindContext): Promise<Found[]> {
  const out: Found[] = [];
  const seen = new Set<string>();
  for (const python of ctx.pythons) {
    for (const site of python.sitePackages ?? []) {
      const dir = ctx.places.join(site, 'botocore');
      const init = ctx.places.join(dir, '__init__.py');
      if ((await kindOf(init)) !== 'file') continue;
      const realDir = await real(dir);
      if (seen.has(realDir)) continue;
      seen.add(realDir);
      const version = await moduleVersion(init);
      const facts = await botocoreFacts(dir, python.packages?.certifi?.where, ctx, version);
      out.push({
        name: 'botocore',
        executable: dir,
        real: realDir,
        foundBy: [`python:${python.id}`],
        pythonId: python.id,
        ...(version ? { version } : {}),
        resolution: resolveBotocore(facts.input),
        configFiles: [await configFile(facts.configPath, 'user')],
        ...((facts.input.certifi ?? facts.input.ownBundle)
          ? { bundled: (facts.input.certifi ?? facts.input.ownBundle)! }
          : {}),
      });
      break;
    }
  }
  return out;
}

export async function findAws(ctx: FindContext): Promise<Found[]> {
  const [cli, libs] = await Promise.all([findAwsCli(ctx), findBotocoreLibraries(ctx)]);
  return [...cli, ...libs];
}
