// `trust ROOT` for uv, conda/mamba, poetry and the AWS CLI/botocore (docs/trust-root.md):
//   uv      system-certs = true in the user uv.toml (uv >= 0.11.9; `native-tls` before), only when ROOT
//           is in the OS store: uv has no setting that adds one file to its roots, and SSL_CERT_FILE
//           would redirect every OpenSSL program of the user as well (so it is never written)
//   conda   ssl_verify: truststore in the user .condarc (conda >= 23.9 on Python >= 3.10, ROOT in the
//           OS store, no mamba sharing the file), else ssl_verify: <merged bundle>
//   poetry  certificates.<source>.cert = <merged bundle> in its config.toml, per configured source
//   AWS     ca_bundle = <merged bundle> in ~/.aws/config under the active profile
import { readdirSync } from 'node:fs';
import type { ToolClient } from '../../clients/types.ts';
import { msg, Problem, type Message } from '../../messages.ts';
import type { ActionCheck, Change } from '../action.ts';
import {
  answer,
  atLeast,
  compact,
  fingerprintsOf,
  mainSource,
  mergedBundle,
  settingsChange,
  sourceBytes,
  trustAction,
  trustsRoot,
  type ToolAnswer,
  type ToolPlanContext,
} from './common.ts';
import { setAwsConfig, setCondarc, setPoetryCert, setTomlTopLevel } from './configEdit.ts';

const home = (tc: ToolPlanContext): string => tc.env.HOME?.trim() || tc.pc.home;
const envWins = (c: ToolClient): string | null =>
  c.trust.steeredBy?.where.kind === 'env' ? c.trust.steeredBy.setting : null;

/** Every source's bytes, one after the other (what a client that takes one file trusts today). */
async function today(tc: ToolPlanContext, c: ToolClient): Promise<Buffer> {
  if (c.trust.sources.some((s) => s.kind === 'bundled'))
    throw new Problem(msg('trust:refused.bundledOnly', { client: c.name }));
  const parts = await Promise.all(c.trust.sources.map((s) => sourceBytes(tc, s)));
  // Nothing known to keep: a file of the root alone would drop every root the client trusts today.
  if (parts.every((p) => fingerprintsOf(p).length === 0))
    throw new Problem(msg('trust:refused.unknownSource', { client: c.name }));
  return Buffer.concat(
    parts.map((p) => (p.length && p[p.length - 1] !== 0x0a ? Buffer.concat([p, Buffer.from('\n')]) : p)),
  );
}

// --- uv -----------------------------------------------------------------------------------------------

export async function planUv(tc: ToolPlanContext, c: ToolClient): Promise<ToolAnswer> {
  if (await trustsRoot(tc, c)) return answer([c], 'already');
  const steered = envWins(c);
  if (steered) return answer([c], 'overridden', [msg('trust:reason.envWins', { client: c.name, variable: steered })]);
  if (!tc.root.inOsStore) return answer([c], 'needs-os-store', [msg('trust:reason.uvNeedsOsStore')]);
  // uv 0.11.9 names it system-certs (the schema gained it then); older releases read native-tls, which
  // newer ones still accept with a warning: an unknown version gets the name every release reads.
  const key = atLeast(c.version, [0, 11, 9]) ? 'system-certs' : 'native-tls';
  const file = tc.places.uvConfigFiles(tc.env, home(tc)).user;
  const setting = await settingsChange(tc, file, (old) => setTomlTopLevel(old, key, 'true'));
  return {
    ...answer([c], 'planned', [], key === 'system-certs' ? 'uv-system-certs' : 'uv-native-tls'),
    action: trustAction({
      what: msg('trust:what.uv', { file, key }),
      why: msg('trust:why.uv'),
      where: file,
      changes: compact<Change>([setting]),
      checks: [],
      notes: [msg('trust:note.uvProject', { key })],
    }),
  };
}

// --- conda / mamba ------------------------------------------------------------------------------------

/** The Python version conda runs on, from its install's conda-meta record (python-3.12.4-….json): no
 * process started, and the same on every OS (conda's prefix is two folders above its program). */
export function condaPython(tc: ToolPlanContext, condaExe: string): string | undefined {
  const prefix = tc.places.dirname(tc.places.dirname(condaExe));
  try {
    const names = readdirSync(tc.places.join(prefix, 'conda-meta'));
    return names.map((n) => /^python-(\d+\.\d+(?:\.\d+)?)-.*\.json$/.exec(n)?.[1]).find(Boolean);
  } catch {
    return undefined;
  }
}

export async function planConda(tc: ToolPlanContext, clients: ToolClient[]): Promise<ToolAnswer> {
  const trusting = await Promise.all(clients.map((c) => trustsRoot(tc, c)));
  if (trusting.every(Boolean)) return answer(clients, 'already');
  const file = tc.env.CONDARC?.trim() || tc.places.join(home(tc), '.condarc');
  // A later file in conda's search path, or CONDA_SSL_VERIFY, that sets ssl_verify wins over ours.
  const order = tc.places.condarcFiles(tc.env, home(tc));
  for (const c of clients) {
    // REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE / CONDA_SSL_VERIFY: conda lets them replace ssl_verify.
    const steered = envWins(c);
    if (steered)
      return answer(clients, 'overridden', [msg('trust:reason.envWins', { client: c.name, variable: steered })]);
    const wins = c.settings.find((s) => s.name === 'ssl_verify' && s.effect === 'wins');
    if (wins?.where.kind === 'env')
      return answer(clients, 'overridden', [
        msg('trust:reason.envWins', { client: c.name, variable: wins.where.name }),
      ]);
    if (
      wins?.where.kind === 'file' &&
      wins.where.path !== file &&
      order.indexOf(wins.where.path) > order.indexOf(file)
    ) {
      return answer(clients, 'overridden', [
        msg('trust:reason.laterFileWins', { client: c.name, file: wins.where.path, setting: 'ssl_verify' }),
      ]);
    }
  }
  const conda = clients.find((c) => c.name === 'conda');
  const python = conda ? condaPython(tc, conda.executable) : undefined;
  // truststore needs conda >= 23.9 running on Python >= 3.10; mamba reads the same key and may not
  // understand it, so with mamba beside conda both get the file.
  const truststore =
    !!conda &&
    clients.length === 1 &&
    tc.root.inOsStore &&
    atLeast(conda.version, [23, 9, 0]) &&
    atLeast(python, [3, 10, 0]);
  const changes: Array<Change | null> = [];
  const checks: ActionCheck[] = [];
  const notes: Message[] = [];
  let value = 'truststore';
  if (!truststore) {
    const merged = await mergedBundle(tc, 'conda', await today(tc, conda ?? clients[0]!), 'trustfix trust (conda)');
    changes.push(merged.change);
    checks.push(merged.check);
    notes.push(msg('trust:note.mergedCopy', { path: merged.path }));
    value = merged.path;
  }
  let setting: Change | null;
  try {
    setting = await settingsChange(tc, file, (old) => setCondarc(old, 'ssl_verify', value));
  } catch (error) {
    if (error instanceof Problem) throw error;
    return answer(clients, 'refused', [msg('trust:reason.condarcBlock', { file })]);
  }
  changes.push(setting);
  if (conda)
    checks.push({
      kind: 'command-output',
      run: { file: conda.executable, args: ['config', '--show', 'ssl_verify'] },
      expect: `ssl_verify: ${value}`,
    });
  return {
    ...answer(clients, 'planned', [], truststore ? 'condarc-truststore' : 'condarc-file'),
    action: trustAction({
      what: msg(truststore ? 'trust:what.condaTruststore' : 'trust:what.condaFile', { file, path: value }),
      why: msg(truststore ? 'trust:why.condaTruststore' : 'trust:why.condaFile'),
      where: file,
      changes: compact(changes),
      checks,
      notes,
    }),
  };
}

// --- poetry -------------------------------------------------------------------------------------------

/** The package sources poetry knows by name (its `repositories.<name>` and `certificates.<name>`). */
export function poetrySources(c: ToolClient): string[] {
  const names = new Set<string>();
  for (const s of c.trust.sources) if (s.appliesTo) names.add(s.appliesTo);
  for (const s of c.settings) {
    const m = /^(?:repositories|certificates)\.([^.]+)\./.exec(s.name);
    if (m) names.add(m[1]!);
  }
  return [...names].sort();
}

export async function planPoetry(tc: ToolPlanContext, c: ToolClient): Promise<ToolAnswer> {
  const names = poetrySources(c);
  if (names.length === 0) return answer([c], 'no-setting', [msg('trust:reason.poetryNoSources')]);
  const file = tc.places.join(tc.places.poetryConfigDir(tc.env, home(tc)), 'config.toml');
  const changes: Array<Change | null> = [];
  const checks: ActionCheck[] = [];
  const set: Array<[string, string]> = [];
  const reasons: Message[] = [];
  for (const name of names) {
    const variable = `POETRY_CERTIFICATES_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_CERT`;
    if (tc.env[variable]?.trim()) {
      reasons.push(msg('trust:reason.envWins', { client: `poetry (${name})`, variable }));
      continue;
    }
    // What this source trusts today: its own cert file if it has one, else poetry's default bundle.
    const own = c.trust.sources.find((s) => s.appliesTo === name);
    const source = own ?? mainSource(c);
    const base = source ? await sourceBytes(tc, source) : Buffer.alloc(0);
    const merged = await mergedBundle(
      tc,
      `poetry-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`,
      base,
      `trustfix trust (poetry ${name})`,
    );
    changes.push(merged.change);
    checks.push(merged.check, {
      kind: 'command-value',
      run: { file: c.executable, args: ['config', `certificates.${name}.cert`] },
      decode: 'line',
      expect: merged.path,
    });
    set.push([name, merged.path]);
  }
  if (set.length === 0) return answer([c], 'overridden', reasons);
  changes.push(
    await settingsChange(tc, file, (old) => set.reduce((text, [name, path]) => setPoetryCert(text, name, path), old)),
  );
  return {
    ...answer([c], 'planned', reasons, 'poetry-cert'),
    action: trustAction({
      what: msg('trust:what.poetry', { file, sources: set.map(([n]) => n).join(', ') }),
      why: msg('trust:why.poetry'),
      where: file,
      changes: compact(changes),
      checks,
    }),
  };
}

// --- AWS CLI / botocore -------------------------------------------------------------------------------

export async function planAws(tc: ToolPlanContext, clients: ToolClient[]): Promise<ToolAnswer> {
  const trusting = await Promise.all(clients.map((c) => trustsRoot(tc, c)));
  if (trusting.every(Boolean)) return answer(clients, 'already');
  for (const c of clients) {
    const steered = envWins(c);
    if (steered)
      return answer(clients, 'overridden', [msg('trust:reason.envWins', { client: c.name, variable: steered })]);
  }
  const profile = tc.env.AWS_PROFILE?.trim() || tc.env.AWS_DEFAULT_PROFILE?.trim() || 'default';
  const file = tc.places.awsConfigFile(tc.env, home(tc));
  const aws = clients.find((c) => c.name === 'aws');
  const merged = await mergedBundle(tc, 'aws', await today(tc, aws ?? clients[0]!), 'trustfix trust (AWS)');
  const setting = await settingsChange(tc, file, (old) => setAwsConfig(old, profile, 'ca_bundle', merged.path));
  const checks: ActionCheck[] = [merged.check];
  if (aws)
    checks.push({
      kind: 'command-value',
      run: { file: aws.executable, args: ['configure', 'get', 'ca_bundle', '--profile', profile] },
      decode: 'line',
      expect: merged.path,
    });
  return {
    ...answer(clients, 'planned', [], 'aws-ca-bundle'),
    action: trustAction({
      what: msg('trust:what.aws', { file, profile, path: merged.path }),
      why: msg('trust:why.aws'),
      where: file,
      changes: compact<Change>([merged.change, setting]),
      checks,
      notes: [msg('trust:note.mergedCopy', { path: merged.path })],
    }),
  };
}
