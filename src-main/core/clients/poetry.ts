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
import type { Entry } from './configReaders.ts';
import { boolish, envValue, fromEnv, fromFile, missingFile, pathSource, Settings, trustOf, type Existence, type Resolution } from './resolve.ts';
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
      perSource.set(name.toUpperCase().replace(/[-.]/g, '_'), { value: e.value, setting: settings.add(`certificates.${name}.cert`, e.value, fromFile(file.path, e.line), 'wins', msg('clients:note.forSource', { source: name })) });
    }
  }
  for (const [name, value] of Object.entries(env)) {
    const m = CERT_ENV.exec(name);
    if (!m || !value?.trim()) continue;
    const prior = perSource.get(m[1]!);
    if (prior) prior.setting.effect = 'shadowed';
    perSource.set(m[1]!, { value, setting: settings.add(name, value, fromEnv(name), 'wins', msg('clients:note.forSource', { source: m[1]!.toLowerCase() })) });
  }

  const requestsVar = ['REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE'].map((n) => [n, envValue(env, n)] as const).find(([, v]) => v);
  const sources: ToolSource[] = [];
  let steer: Setting | undefined;
  if (requestsVar) {
    steer = settings.add(requestsVar[0], requestsVar[1]!, fromEnv(requestsVar[0]), 'wins');
    sources.push(pathSource(requestsVar[1]!, 'override', exists));
  } else if (input.defaultBundle) sources.push({ kind: 'file', path: input.defaultBundle, role: 'default' });

  let insecureFor: string | undefined;
  for (const [key, { value, setting }] of perSource) {
    if (setting.effect !== 'wins') continue;
    const name = setting.name.startsWith('certificates.') ? setting.name.slice('certificates.'.length, -'.cert'.length) : key.toLowerCase();
    const flag = boolish(value);
    if (flag === false) insecureFor ??= name;
    else if (flag === undefined) sources.push({ ...pathSource(value, 'override', exists), appliesTo: name });
  }
  const res: Resolution = { trust: trustOf(sources, steer), settings: settings.list };
  const missing = sources.find((s) => s.role === 'override' && s.path && exists(s.path) === 'none');
  if (missing?.path) return { ...res, broken: true, reason: missingFile(missing.path, missing.appliesTo ? `certificates.${missing.appliesTo}.cert` : (steer?.name ?? '')) };
  if (insecureFor) return { ...res, insecure: true, reason: msg('clients:reason.insecureFor', { setting: `certificates.${insecureFor}.cert`, source: insecureFor }) };
  if (sources.length === 0) return { ...res, reason: msg('clients:reason.noDefault') };
  return res;
}
