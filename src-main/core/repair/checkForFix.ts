// What `fix` asks of the check engine: for one URL and one interpreter, each failing client with the
// repairs chosen for it (from check's alternatives; narrowest first, safety rule 7 in docs/safety-rules.md: only the
// interpreter's own files, the rest offered), the files they may touch, and a way to re-run the
// interpreter's own connections afterwards, answering per client (safety rule 8).
import type { TrustContext } from '../context.ts';
import { checkHost } from '../diagnose/check.ts';
import { parseTarget } from '../diagnose/target.ts';
import { isPythonRow, type CheckResult, type PythonRow } from '../diagnose/types.ts';
import { Problem } from '../messages.ts';
import type { ClientName, PythonInfo } from '../pythons/types.ts';
import type { ClientRepair, WorkingClient } from './clientPlan.ts';
import { narrowClients, scopeInputs, type Offer } from './narrow.ts';
import type { RepairProposal } from '../diagnose/proposal.ts';

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

/** Each client's state after a re-run: works or not, and what it said. */
export type ClientAnswers = Record<string, { ok: boolean; detail: string }>;

export interface CheckForFixResult {
  /** The failing clients, in check's order. */
  clients: ClientRepair[];
  working: WorkingClient[];
  /** Real paths of the bundles the check looked at: the files a fix may change. */
  findings: string[];
  /** Safety rule 7: repairs that change files other programs share, offered but not chosen. */
  offered: Offer[];
  /** Re-runs the interpreter's own connections: each client's key -> works or not. */
  recheck: () => Promise<ClientAnswers>;
  alreadyOk: boolean;
}

export type CheckForFix = (input: CheckForFixInput) => Promise<CheckForFixResult>;

/** Among check's alternatives for one failing client, the kind `fix` and the wizard choose by default
 * (shown in the diagnosis): for urllib the .pth that gives this interpreter alone the roots, else a
 * change to the bundle that client reads. Which file is the interpreter's own and which is shared is
 * narrow.ts's call (it reads the disk); the OS store and truststore are offered by `check` and run on
 * their own (`trustfix os-store`, `trustfix use-os-store`). */
const PREFERENCE: RepairProposal['kind'][] = ['pth-bundle', 'append', 'refresh', 'macos-install-certificates', 'point'];

export function chooseRepair(row: CheckResult): RepairProposal | undefined {
  for (const kind of PREFERENCE) {
    // A step check knows leaves the client failing (Python 3.13's strict rule) is shown, never chosen.
    const found = row.repairs.find((r) => r.kind === kind && !r.stillFails);
    if (found) return found;
  }
  return undefined;
}

const fails = (r: CheckResult): boolean => !(r.pythonSays?.ok ?? r.ok);
const detailOf = (r: CheckResult): string => (fails(r) ? (r.pythonSays?.error ?? r.cause) : '');
export const clientKey = (python: string, client: string): string => `${python}|${client}`;

/** The repairs `fix` applies for one failing client: the chosen one, and with an append, every other
 * append to that same bundle (the intermediate alone leaves a client without the root still failing);
 * likewise every certificate for the same interpreter's .pth route. */
export function repairsFor(row: CheckResult, chosen: RepairProposal | undefined = chooseRepair(row)): RepairProposal[] {
  if (!chosen) return [];
  if (chosen.kind === 'pth-bundle')
    return row.repairs.filter((r) => r.kind === 'pth-bundle' && r.python === chosen.python && !r.stillFails);
  if (chosen.kind !== 'append' || !chosen.bundlePath) return [chosen];
  return row.repairs.filter((r) => r.kind === 'append' && r.bundlePath === chosen.bundlePath && !r.stillFails);
}

/** Each failing client of a check, with its repairs (shared by `fix` and the app's plan). */
export function clientRepairs(rows: CheckResult[]): ClientRepair[] {
  return rows
    .filter(isPythonRow)
    .filter(fails)
    .map((r) => {
      const proposals = repairsFor(r);
      return {
        key: clientKey(r.python, r.client),
        python: r.python,
        client: r.client,
        detail: detailOf(r),
        proposals,
        unfixable: proposals.length ? [] : r.repairs.filter((p) => p.kind === 'none'),
        otherRoutes: proposals.length
          ? []
          : [
              ...new Set(
                r.repairs.filter((p) => p.kind === 'os-store' || p.kind === 'use-os-store').map((p) => p.kind),
              ),
            ],
      };
    });
}

export const checkForFix: CheckForFix = async ({ url, python, ctx, clients, signal, dataDir, known, env }) => {
  const parsed = parseTarget(url);
  if (!parsed.ok) throw new Problem(parsed.problem);
  const run = async (): Promise<PythonRow[]> => {
    const report = await checkHost({
      target: parsed.target,
      interpreters: [python],
      ctx,
      ...(signal ? { signal } : {}),
    });
    return report.results.filter(isPythonRow).filter((r) => !clients || clients.includes(r.client));
  };
  const rows = await run();
  // Narrowest first: `python` is the focus; its own files are chosen, shared ones only offered.
  const inputs = await scopeInputs({
    dataDir,
    platform: ctx.platform,
    env: env ?? process.env,
    pythons: [python],
    known: known ?? [],
  });
  const { clients: failing, offered } = await narrowClients(rows, clientRepairs(rows), { ...inputs, focus: python });
  const working = rows
    .filter((r) => !fails(r))
    .map((r) => ({ key: clientKey(r.python, r.client), python: r.python, client: r.client }));
  const findings = [
    ...new Set(rows.flatMap((r) => r.sources.flatMap((s) => (s.kind === 'os-store' || !s.path ? [] : [s.path])))),
  ];
  const recheck = async (): Promise<ClientAnswers> =>
    Object.fromEntries(
      (await run()).map((r) => [clientKey(r.python!, r.client!), { ok: !fails(r), detail: detailOf(r) }]),
    );
  return { clients: failing, working, findings, offered, recheck, alreadyOk: failing.length === 0 };
};
