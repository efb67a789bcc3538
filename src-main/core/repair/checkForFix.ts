// What `fix` asks of the check engine: for one URL and one interpreter, the repairs to plan (one
// per failing client, chosen from check's alternatives), the files they may touch, and a way to
// re-run the interpreter's own connection after applying them.
import type { TrustContext } from '../context.ts';
import { checkHost } from '../diagnose/check.ts';
import { parseTarget } from '../diagnose/target.ts';
import type { CheckResult } from '../diagnose/types.ts';
import type { ClientName, PythonInfo } from '../pythons/types.ts';
import { narrowChoice, scopeInputs, type NarrowChoice } from './narrow.ts';
import { RefusedError } from './pathGuard.ts';
import type { RepairProposal } from './proposal.ts';

export interface CheckForFixInput {
  url: string;
  python: string;
  ctx: TrustContext;
  /** Only these clients (default: every client that fails). */
  clients?: ClientName[];
  signal?: AbortSignal;
  /** TrustFix's data folder: its files are the interpreter's own (safety rule 7). */
  dataDir: string;
  /** The other interpreters found, probed: who else reads a file (optional; slower to find). */
  known?: PythonInfo[];
  env?: NodeJS.ProcessEnv;
}

export interface CheckForFixResult {
  /** One per failing client: the narrowest repair, changing only this interpreter's own files. */
  proposals: RepairProposal[];
  /** The same with their scopes, and the repairs of shared files, offered but not chosen. */
  narrow: NarrowChoice;
  /** Real paths of the bundles the check looked at: the files a fix may change. */
  findings: string[];
  /** Re-runs the interpreter's own connection; the fix is rolled back when it still fails. `clients`:
   * the ones the applied plan meant to fix (default: those with a default repair). */
  verify: (clients?: ClientName[]) => Promise<{ ok: boolean; detail: string }>;
  alreadyOk: boolean;
  /** Failures no trust change on this machine can fix (hostname mismatch, expired leaf ...). */
  unfixable: RepairProposal[];
}

export type CheckForFix = (input: CheckForFixInput) => Promise<CheckForFixResult>;

/** Among check's alternatives for one failing client, the kind of repair `fix` and the wizard choose
 * by default (shown in the diagnosis): for urllib the .pth that gives this interpreter alone the roots,
 * else a change to the bundle that client reads. Which file is the interpreter's own and which is
 * shared is decided by narrow.ts (it reads the disk); the OS store and truststore are offered by
 * `check` and run on their own (`trustfix os-store`, `trustfix use-os-store`). */
const PREFERENCE: RepairProposal['kind'][] = ['pth-bundle', 'append', 'refresh', 'macos-install-certificates', 'point'];

export function chooseRepair(row: CheckResult): RepairProposal | undefined {
  for (const kind of PREFERENCE) {
    const found = row.repairs.find((r) => r.kind === kind);
    if (found) return found;
  }
  return undefined;
}

function keyOf(p: RepairProposal): string {
  return [p.kind, p.bundlePath ?? '', p.variable ?? '', ...(p.certificates ?? []).map((c) => c.fingerprint).sort()].join('|');
}

export const checkForFix: CheckForFix = async ({ url, python, ctx, clients, signal, dataDir, known, env }) => {
  const parsed = parseTarget(url);
  if (!parsed.ok) throw new RefusedError(parsed.problem);
  const run = async (): Promise<CheckResult[]> => {
    const report = await checkHost({ target: parsed.target, interpreters: [python], ctx, ...(signal ? { signal } : {}) });
    return report.results.filter((r) => r.python !== null && r.client !== null && (!clients || clients.includes(r.client)));
  };
  const rows = await run();
  const failing = rows.filter((r) => !(r.pythonSays?.ok ?? r.ok));
  const findings = [...new Set(rows.flatMap((r) => r.sources.flatMap((s) => (s.kind === 'os-store' || !s.path ? [] : [s.path]))))];
  const unfixable = new Map<string, RepairProposal>();
  for (const row of failing) {
    if (!chooseRepair(row)) for (const none of row.repairs.filter((r) => r.kind === 'none')) unfixable.set(keyOf(none), none);
  }
  // Narrowest first: `python` is the focus; its own files are chosen, shared ones offered.
  const scope = await scopeInputs({ dataDir, platform: ctx.platform, env: env ?? process.env, pythons: [python], known: known ?? [] });
  const narrow = await narrowChoice(failing, { ...scope, focus: python });
  const proposals = new Map<string, RepairProposal>();
  for (const c of narrow.chosen) proposals.set(keyOf(c.proposal), c.proposal);
  const meant = new Set(narrow.chosen.map((c) => c.proposal.client));
  const verify = async (clients?: ClientName[]): Promise<{ ok: boolean; detail: string }> => {
    const again = await run();
    // The clients the applied plan repairs: one whose repairs were only offered is not held against it.
    const held = new Set<ClientName | null>(clients ?? [...meant].filter((c): c is ClientName => c !== undefined));
    const still = again.filter((r) => held.has(r.client) && !(r.pythonSays?.ok ?? r.ok));
    return still.length === 0
      ? { ok: true, detail: again.map((r) => `${r.client}: ok`).join(', ') }
      : { ok: false, detail: still.map((r) => `${r.client}: ${r.pythonSays?.error ?? r.cause}`).join('; ') };
  };
  return { proposals: [...proposals.values()], narrow, findings, verify, alreadyOk: failing.length === 0, unfixable: [...unfixable.values()] };
};
