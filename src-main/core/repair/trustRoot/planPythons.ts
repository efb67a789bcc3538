// `trust ROOT` for urllib, requests and pip in each interpreter: the very planners `fix` uses for a
// missing root (narrow.ts, clientPlan.ts): urllib gets the .pth route (its own site-packages), requests
// and pip an append to the bundle each reads when that bundle is the interpreter's own; anything that
// other programs read (a system bundle, a file SSL_CERT_FILE names, a distribution's generated file) is
// offered unticked with who else reads it, never changed unasked (safety rule 7, docs/safety-rules.md).
import { realpath } from 'node:fs/promises';
import type { CheckResult } from '../../diagnose/types.ts';
import { msg, type Message } from '../../messages.ts';
import type { ClientName, PythonInfo } from '../../pythons/types.ts';
import type { Plan } from '../action.ts';
import { clientRepairs } from '../checkForFix.ts';
import { planClients } from '../clientPlan.ts';
import { addOffers, narrowClients, scopeInputs } from '../narrow.ts';
import type { PlanContext } from '../planContext.ts';
import type { RepairProposal } from '../../diagnose/proposal.ts';
import { fingerprintsOf, type TrustStatus } from './common.ts';
import { identify } from '../pathGuard.ts';
import type { TrustRoot } from './root.ts';

export interface PythonTrustRow {
  key: string;
  python: string;
  pythonVersion?: string;
  client: ClientName;
  status: TrustStatus;
  /** Indices into the plan's actions. */
  actions: number[];
  offered: string[];
  reasons: Message[];
}

async function holdsRoot(path: string, fingerprint: string): Promise<boolean> {
  const bytes = await identify(path).then(
    (f) => f?.bytes ?? null,
    () => null,
  );
  return !!bytes && fingerprintsOf(bytes).includes(fingerprint);
}

/** Does this client trust ROOT today (a file it reads holds it, or it reads the OS store that does)? */
async function trustsToday(
  sources: NonNullable<PythonInfo['clients'][ClientName]>['sources'],
  root: TrustRoot,
): Promise<boolean> {
  for (const s of sources) {
    if (s.kind === 'os-store' && root.inOsStore) return true;
    if (s.kind === 'file' && (await holdsRoot(s.path, root.fingerprint))) return true;
  }
  return false;
}

/** What `check` would propose for a missing ROOT in this client, as the row fix's planners read. */
function rowFor(py: PythonInfo, client: ClientName, root: TrustRoot): CheckResult {
  const trust = py.clients[client]!;
  const cert = {
    fingerprint: root.fingerprint,
    name: root.name,
    from: root.from === 'os-store' ? ('os-store' as const) : ('file' as const),
    pem: root.pem,
  };
  const who = { python: py.executable, client };
  const repairs: RepairProposal[] = [];
  if (client === 'urllib')
    repairs.push({
      kind: 'pth-bundle',
      why: msg('check:repair.pthBundle', { names: root.name }),
      certificates: [cert],
      ...who,
    });
  const files = trust.sources.filter((s) => s.kind === 'file').map((s) => (s as { path: string }).path);
  for (const bundlePath of files)
    repairs.push({
      kind: 'append',
      why: msg('check:repair.appendRoot', { names: root.name, path: bundlePath }),
      bundlePath,
      certificates: [cert],
      ...who,
    });
  if (files.length === 0 && trust.sources.some((s) => s.kind === 'os-store'))
    repairs.push({
      kind: 'os-store',
      why: msg('check:repair.addToOsStore', { names: root.name }),
      certificates: [cert],
      ...who,
    });
  return {
    python: py.executable,
    ...(py.version ? { pythonVersion: py.version } : {}),
    client,
    source: trust.source,
    sources: trust.sources,
    ok: false,
    cause: 'missing-root',
    detail: msg('check:detail.missing-root-reference', { root: root.name }),
    notes: [],
    path: [],
    pythonSays: null,
    disagreement: false,
    repairs,
  };
}

export async function planPythons(
  pc: PlanContext,
  root: TrustRoot,
  pythons: PythonInfo[],
  known: PythonInfo[],
  env: NodeJS.ProcessEnv,
): Promise<{ plan: Plan; rows: PythonTrustRow[] }> {
  const rows: PythonTrustRow[] = [];
  const checkRows: CheckResult[] = [];
  for (const py of pythons) {
    for (const client of ['urllib', 'requests', 'pip'] as const) {
      const trust = py.clients[client];
      if (!trust?.available) continue;
      const key = `${py.executable}|${client}`;
      const base = {
        key,
        python: py.executable,
        ...(py.version ? { pythonVersion: py.version } : {}),
        client,
        actions: [],
        offered: [],
        reasons: [],
      };
      if (await trustsToday(trust.sources, root)) rows.push({ ...base, status: 'already' });
      else checkRows.push(rowFor(py, client, root));
    }
  }
  if (checkRows.length === 0) return { plan: { actions: [], refused: [] }, rows };
  // The bundles these clients read are what the plan may change (as a scan's findings are for `fix`).
  const files = checkRows.flatMap((r) => r.sources.flatMap((s) => (s.kind === 'file' ? [s.path] : [])));
  pc.findings = new Set([...pc.findings, ...(await Promise.all(files.map((f) => realpath(f).catch(() => f))))]);
  const inputs = await scopeInputs({
    dataDir: pc.dataDir,
    platform: pc.ctx.platform,
    env,
    pythons: pythons.map((p) => p.executable),
    known,
  });
  const { clients: narrowed, offered } = await narrowClients(checkRows, clientRepairs(checkRows), inputs);
  const options = { confirmed: new Set([root.fingerprint]) };
  const planned = await planClients(pc, narrowed, options);
  const withOffers = await addOffers(pc, planned.plan, planned.clients, narrowed, offered, options);
  for (const c of withOffers) {
    const row = checkRows.find((r) => r.python === c.python && r.client === c.client)!;
    const status: TrustStatus =
      c.status === 'planned'
        ? 'planned'
        : c.offered?.length
          ? 'offered'
          : c.status === 'refused'
            ? 'refused'
            : 'no-setting';
    rows.push({
      key: c.key,
      python: c.python,
      ...(row.pythonVersion ? { pythonVersion: row.pythonVersion } : {}),
      client: c.client,
      status,
      actions: c.actions,
      offered: c.offered ?? [],
      reasons: c.reasons,
    });
  }
  return { plan: planned.plan, rows };
}
