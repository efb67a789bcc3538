// What `fix` asks of the check engine: for one URL and one interpreter, the repairs to plan (one
// per failing client, chosen from check's alternatives), the files they may touch, and a way to
// re-run the interpreter's own connection after applying them.
import type { TrustContext } from '../context.ts';
import { checkHost } from '../diagnose/check.ts';
import { parseTarget } from '../diagnose/target.ts';
import type { CheckResult } from '../diagnose/types.ts';
import type { ClientName } from '../pythons/types.ts';
import { RefusedError } from './pathGuard.ts';
import type { RepairProposal } from './proposal.ts';

export interface CheckForFixInput {
  url: string;
  python: string;
  ctx: TrustContext;
  /** Only these clients (default: every client that fails). */
  clients?: ClientName[];
  signal?: AbortSignal;
}

export interface CheckForFixResult {
  proposals: RepairProposal[];
  /** Real paths of the bundles the check looked at: the files a fix may change. */
  findings: string[];
  /** Re-runs the interpreter's own connection; the fix is rolled back when it still fails. */
  verify: () => Promise<{ ok: boolean; detail: string }>;
  alreadyOk: boolean;
  /** Failures no trust change on this machine can fix (hostname mismatch, expired leaf ...). */
  unfixable: RepairProposal[];
}

export type CheckForFix = (input: CheckForFixInput) => Promise<CheckForFixResult>;

/** Among check's alternatives for one failing client, the one `fix` applies: a change to the bundle
 * that client reads comes first (it touches nothing else); the OS store and truststore are offered
 * by `check` and run on their own (`trustfix os-store`, `trustfix use-os-store`). */
const PREFERENCE: RepairProposal['kind'][] = ['append', 'refresh', 'point', 'macos-install-certificates'];

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

export const checkForFix: CheckForFix = async ({ url, python, ctx, clients, signal }) => {
  const parsed = parseTarget(url);
  if (!parsed.ok) throw new RefusedError(parsed.problem);
  const run = async (): Promise<CheckResult[]> => {
    const report = await checkHost({ target: parsed.target, interpreters: [python], ctx, ...(signal ? { signal } : {}) });
    return report.results.filter((r) => r.python !== null && r.client !== null && (!clients || clients.includes(r.client)));
  };
  const rows = await run();
  const failing = rows.filter((r) => !(r.pythonSays?.ok ?? r.ok));
  const findings = [...new Set(rows.flatMap((r) => r.sources.flatMap((s) => (s.kind === 'os-store' || !s.path ? [] : [s.path]))))];
  const proposals = new Map<string, RepairProposal>();
  const unfixable = new Map<string, RepairProposal>();
  for (const row of failing) {
    const chosen = chooseRepair(row);
    if (chosen) proposals.set(keyOf(chosen), chosen);
    else for (const none of row.repairs.filter((r) => r.kind === 'none')) unfixable.set(keyOf(none), none);
  }
  const verify = async (): Promise<{ ok: boolean; detail: string }> => {
    const again = await run();
    const still = again.filter((r) => failing.some((f) => f.client === r.client) && !(r.pythonSays?.ok ?? r.ok));
    return still.length === 0
      ? { ok: true, detail: again.map((r) => `${r.client}: ok`).join(', ') }
      : { ok: false, detail: still.map((r) => `${r.client}: ${r.pythonSays?.error ?? r.cause}`).join('; ') };
  };
  return { proposals: [...proposals.values()], findings, verify, alreadyOk: failing.length === 0, unfixable: [...unfixable.values()] };
};
