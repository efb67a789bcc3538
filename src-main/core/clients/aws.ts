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
import type { IniEntry } from './configReaders.ts';
import { fromEnv, fromFile, missingFile, pathSource, Settings, trustOf, type Existence, type Resolution } from './resolve.ts';
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
  if (awsVar !== undefined) chosen = { value: awsVar, setting: settings.add('AWS_CA_BUNDLE', awsVar, fromEnv('AWS_CA_BUNDLE'), 'wins') };
  const conf = input.config?.entries.filter((e) => section.includes(e.section) && e.key === 'ca_bundle').at(-1);
  if (conf && input.config) {
    const s = settings.add('ca_bundle', conf.value, fromFile(input.config.path, conf.line), chosen ? 'shadowed' : 'wins', msg('clients:note.awsProfile', { profile }));
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
    chosen.setting.note = msg(errors ? 'clients:note.awsEmptyError' : 'clients:note.awsEmptyOff', { since: EMPTY_BUNDLE_ERROR_SINCE });
    return errors
      ? { trust: trustOf([]), settings: settings.list, broken: true, reason: msg('clients:reason.awsEmpty', { setting: chosen.setting.name }) }
      : { trust: trustOf([]), settings: settings.list, insecure: true, reason: msg('clients:reason.insecure', { setting: chosen.setting.name }) };
  }
  const sources: ToolSource[] = [];
  if (chosen) sources.push(pathSource(chosen.value, 'override', exists));
  else if (input.certifi) sources.push({ kind: 'file', path: input.certifi, role: 'default' });
  else if (input.ownBundle) sources.push({ kind: 'file', path: input.ownBundle, role: 'default' });
  const res: Resolution = { trust: trustOf(sources, chosen?.setting), settings: settings.list };
  if (chosen && exists(chosen.value) === 'none') return { ...res, broken: true, reason: missingFile(chosen.value, chosen.setting.name) };
  if (chosen && exists(chosen.value) === 'dir') return { ...res, broken: true, reason: msg('clients:reason.awsDir', { path: chosen.value }) };
  if (!chosen && input.certifi && input.ownBundle) return { ...res, reason: msg('clients:reason.botocoreUsesCertifi', { certifi: input.certifi, own: input.ownBundle }) };
  if (sources.length === 0) return { ...res, reason: msg('clients:reason.noDefault') };
  return res;
}
