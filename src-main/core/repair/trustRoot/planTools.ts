// `trust ROOT` for curl, git, node and npm: each gets the narrowest persistent setting of its own that
// makes it trust ROOT while keeping what it trusts today (docs/trust-root.md):
//   curl  cacert = <merged bundle> in the .curlrc curl reads (its default file + ROOT)
//   git   http.sslCAInfo = <merged bundle> in the global config; Git for Windows with ROOT in the
//         Windows store: http.sslBackend = schannel
//   node  NODE_USE_SYSTEM_CA=1 (node >= 22.19 / 24.6, ROOT in the OS store), else NODE_EXTRA_CA_CERTS =
//         a file of TrustFix's (the user's current extra file + ROOT), persistent for this user
//   npm   cafile = <merged bundle> in the user .npmrc (cafile replaces npm's roots: node's + extras + ROOT)
// Each setting is read back by the client itself where it can say (`git config --get`, `npm config get`).
import { existsSync } from 'node:fs';
import type { ToolClient } from '../../clients/types.ts';
import { msg, Problem, type Message } from '../../messages.ts';
import type { ActionCheck, Change } from '../action.ts';
import { userEnvChanges } from '../planPoint.ts';
import {
  answer,
  atLeast,
  compact,
  fingerprintsOf,
  mainSource,
  mergedBundle,
  nodeBundledRoots,
  settingsChange,
  sourceBytes,
  trustAction,
  trustsRoot,
  type ToolAnswer,
  type ToolPlanContext,
} from './common.ts';
import { setCurlrcCacert, setGitConfig, setNpmrc } from './configEdit.ts';

const home = (tc: ToolPlanContext): string => tc.env.HOME?.trim() || tc.pc.home;

/** An environment variable decides the client's trust: a settings file would not be read. */
function envSteered(c: ToolClient): string | null {
  return c.trust.steeredBy?.where.kind === 'env' ? c.trust.steeredBy.setting : null;
}

/** What the client trusts today, as one PEM text: every source, main and extra, byte for byte; a
 * compiled-in list (node's) as that node prints it. */
async function trustedToday(tc: ToolPlanContext, c: ToolClient, node?: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (const s of c.trust.sources) {
    if (s.kind === 'bundled') {
      if (!node) throw new Problem(msg('trust:refused.bundledOnly', { client: c.name }));
      parts.push(await nodeBundledRoots(node));
    } else parts.push(await sourceBytes(tc, s));
  }
  // Nothing known to keep (a folder stays in force beside a file for curl and git; nothing else
  // does): a file of the root alone would drop every root the client trusts today.
  const folder = c.trust.sources.some((s) => s.kind === 'dir') && (c.name === 'curl' || c.name === 'git');
  if (!folder && parts.every((p) => fingerprintsOf(p).length === 0))
    throw new Problem(msg('trust:refused.unknownSource', { client: c.name }));
  return Buffer.concat(
    parts.map((p) => (p.length && p[p.length - 1] !== 0x0a ? Buffer.concat([p, Buffer.from('\n')]) : p)),
  );
}

const valueCheck = (file: string, args: string[], expect: string): ActionCheck => ({
  kind: 'command-value',
  run: { file, args },
  decode: 'line',
  expect,
});

// --- curl -------------------------------------------------------------------------------------------

/** The .curlrc curl reads: the first that exists in curl's own order, else ~/.curlrc ($CURL_HOME's). */
export function curlrcTarget(tc: ToolPlanContext, curlExe: string): string {
  const candidates = tc.places.curlrcFiles(tc.env, home(tc), curlExe);
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  const base = tc.env.CURL_HOME?.trim() || home(tc);
  return tc.places.join(base, '.curlrc');
}

export async function planCurl(tc: ToolPlanContext, c: ToolClient): Promise<ToolAnswer> {
  if (await trustsRoot(tc, c)) return answer([c], 'already');
  const main = mainSource(c);
  // A Schannel build verifies with the Windows store: that is its only route.
  if (!main || main.kind === 'os-store')
    return answer([c], 'needs-os-store', [msg('trust:reason.osStoreOnly', { client: c.name })]);
  const merged = await mergedBundle(tc, 'curl', await trustedToday(tc, c), 'trustfix trust (curl)');
  const rc = curlrcTarget(tc, c.executable);
  const setting = await settingsChange(tc, rc, (old) => setCurlrcCacert(old, merged.path));
  const notes: Message[] = [msg('trust:note.mergedCopy', { path: merged.path }), msg('trust:note.curlDisable')];
  return {
    ...answer([c], 'planned', [], 'curlrc-cacert'),
    action: trustAction({
      what: msg('trust:what.curlrc', { file: rc, path: merged.path }),
      why: msg('trust:why.curlrc'),
      where: rc,
      changes: compact<Change>([merged.change, setting]),
      checks: [merged.check],
      notes,
    }),
  };
}

// --- git --------------------------------------------------------------------------------------------

/** The file `git config --global` writes: $GIT_CONFIG_GLOBAL, else ~/.gitconfig unless only the XDG
 * file exists (git-config(1) FILES). */
export function gitGlobalConfig(tc: ToolPlanContext): string {
  const named = tc.env.GIT_CONFIG_GLOBAL?.trim();
  if (named) return named;
  const dot = tc.places.join(home(tc), '.gitconfig');
  const xdg = tc.places.join(tc.env.XDG_CONFIG_HOME?.trim() || tc.places.join(home(tc), '.config'), 'git', 'config');
  return !existsSync(dot) && existsSync(xdg) ? xdg : dot;
}

export async function planGit(tc: ToolPlanContext, c: ToolClient): Promise<ToolAnswer> {
  if (await trustsRoot(tc, c)) return answer([c], 'already');
  const steered = envSteered(c);
  if (steered) return answer([c], 'overridden', [msg('trust:reason.envWins', { client: c.name, variable: steered })]);
  const file = gitGlobalConfig(tc);
  if (file === '/dev/null') return answer([c], 'no-setting', [msg('trust:reason.noGlobalConfig', { client: c.name })]);
  // Git for Windows: the Schannel backend verifies with the Windows store, which already holds ROOT.
  if (tc.places.gitBackends.includes('schannel') && tc.root.inOsStore) {
    const setting = await settingsChange(tc, file, (old) => setGitConfig(old, 'http', 'sslBackend', 'schannel'));
    return {
      ...answer([c], 'planned', [], 'git-schannel'),
      action: trustAction({
        what: msg('trust:what.gitSchannel', { file }),
        why: msg('trust:why.gitSchannel'),
        where: file,
        changes: compact<Change>([setting]),
        checks: [valueCheck(c.executable, ['config', '--global', '--get', 'http.sslBackend'], 'schannel')],
      }),
    };
  }
  const main = mainSource(c);
  if (!main || main.kind === 'os-store')
    return answer([c], 'needs-os-store', [msg('trust:reason.osStoreOnly', { client: c.name })]);
  const merged = await mergedBundle(tc, 'git', await trustedToday(tc, c), 'trustfix trust (git)');
  const setting = await settingsChange(tc, file, (old) => setGitConfig(old, 'http', 'sslCAInfo', merged.path));
  return {
    ...answer([c], 'planned', [], 'git-sslcainfo'),
    action: trustAction({
      what: msg('trust:what.gitCaInfo', { file, path: merged.path }),
      why: msg('trust:why.gitCaInfo'),
      where: file,
      changes: compact<Change>([merged.change, setting]),
      checks: [merged.check, valueCheck(c.executable, ['config', '--global', '--get', 'http.sslCAInfo'], merged.path)],
      notes: [msg('trust:note.mergedCopy', { path: merged.path })],
    }),
  };
}

// --- node -------------------------------------------------------------------------------------------

/** NODE_USE_SYSTEM_CA=1 is read from the environment from Node 22.19 and 24.6 (not 23). */
export function nodeReadsUseSystemCa(version: string | undefined): boolean {
  const major = Number(/(\d+)\./.exec(version ?? '')?.[1]);
  if (major === 22) return atLeast(version, [22, 19, 0]);
  if (major === 24) return atLeast(version, [24, 6, 0]);
  return major >= 25;
}

export async function planNode(tc: ToolPlanContext, c: ToolClient): Promise<ToolAnswer> {
  if (await trustsRoot(tc, c)) return answer([c], 'already');
  if (tc.root.inOsStore && nodeReadsUseSystemCa(c.version)) {
    const env = await userEnvChanges(tc.pc, [{ name: 'NODE_USE_SYSTEM_CA', value: '1' }]);
    return {
      ...answer([c], 'planned', [], 'node-use-system-ca'),
      envAfter: { NODE_USE_SYSTEM_CA: '1' },
      action: trustAction({
        what: msg('trust:what.nodeSystemCa', { where: env.where }),
        why: msg('trust:why.nodeSystemCa'),
        where: env.where,
        changes: env.changes,
        checks: env.checks,
        notes: [msg('repair:note.newShells')],
      }),
    };
  }
  // NODE_EXTRA_CA_CERTS names one file, added to node's own roots: the user's current extra file (if
  // any) + ROOT, so nothing it trusts today is lost.
  const extras = c.trust.sources.filter((s) => s.role === 'extra' && s.kind === 'file');
  const base = Buffer.concat(await Promise.all(extras.map((s) => sourceBytes(tc, s))));
  const merged = await mergedBundle(tc, 'node-extra', base, 'trustfix trust (node)');
  const env = await userEnvChanges(tc.pc, [{ name: 'NODE_EXTRA_CA_CERTS', value: merged.path }]);
  return {
    ...answer([c], 'planned', [], 'node-extra-ca-certs'),
    envAfter: { NODE_EXTRA_CA_CERTS: merged.path },
    action: trustAction({
      what: msg('trust:what.nodeExtra', { where: env.where, path: merged.path }),
      why: msg('trust:why.nodeExtra'),
      where: env.where,
      changes: compact<Change>([merged.change, ...env.changes]),
      checks: [merged.check, ...env.checks],
      notes: [msg('repair:note.newShells')],
    }),
  };
}

// --- npm --------------------------------------------------------------------------------------------

export async function planNpm(tc: ToolPlanContext, c: ToolClient): Promise<ToolAnswer> {
  if (await trustsRoot(tc, c)) return answer([c], 'already');
  const inline = c.settings.find((s) => s.name === 'ca' && s.effect === 'wins');
  if (inline)
    return answer([c], 'refused', [
      msg('trust:reason.npmInlineCa', { where: inline.where.kind === 'file' ? inline.where.path : inline.where.kind }),
    ]);
  const steered = envSteered(c);
  if (steered) return answer([c], 'overridden', [msg('trust:reason.envWins', { client: c.name, variable: steered })]);
  const node = tc.all.find((x) => x.name === 'node')?.executable ?? 'node';
  const merged = await mergedBundle(tc, 'npm', await trustedToday(tc, c, node), 'trustfix trust (npm)');
  const rc = tc.places.npmUserRc(tc.env, home(tc));
  const setting = await settingsChange(tc, rc, (old) => setNpmrc(old, 'cafile', merged.path));
  return {
    ...answer([c], 'planned', [], 'npmrc-cafile'),
    action: trustAction({
      what: msg('trust:what.npmCafile', { file: rc, path: merged.path }),
      why: msg('trust:why.npmCafile'),
      where: rc,
      changes: compact<Change>([merged.change, setting]),
      checks: [merged.check, valueCheck(c.executable, ['config', 'get', 'cafile'], merged.path)],
      notes: [msg('trust:note.mergedCopy', { path: merged.path })],
    }),
  };
}
