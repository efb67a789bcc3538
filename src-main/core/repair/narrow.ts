// Narrowest first (safety rule 7, docs/safety-rules.md), for `trustfix fix` and the wizard: among check's repairs for each
// failing client, the default is the first that changes only the interpreter's own files (its venv,
// its site-packages, TrustFix's data folder); for urllib that is the .pth route (planPthBundle.ts).
// Every repair that changes a shared file is offered separately, unticked, with who else reads the
// file and who owns it. A distribution's generated bundle is never offered for an in-place edit: the
// offer becomes that distribution's route (anchor file + its refresh command, planOsStoreAdd).
// With a focus (the interpreter the user's error came from), other interpreters' repairs are offers.
import type { CheckResult } from '../diagnose/types.ts';
import { msg } from '../messages.ts';
import type { Platform } from '../platform/types.ts';
import type { PythonInfo } from '../pythons/types.ts';
import type { ActionRecord, Plan } from './action.ts';
import type { ClientPlan, ClientRepair } from './clientPlan.ts';
import { planTracked, type PlannerOptions } from './planner.ts';
import type { PlanContext } from './planContext.ts';
import type { RepairKind, RepairProposal } from '../diagnose/proposal.ts';
import { pythonFacts } from './pythonFacts.ts';
import { buildWorld, scopeOf, targetOf, type Reader, type Scope, type ScopeTarget, type ScopeWorld } from './scope.ts';

export interface Offer {
  proposal: RepairProposal;
  scope: Scope;
}

/** Narrowest first; truststore (use-os-store) changes whose roots are trusted and runs on its own. */
const ORDER: RepairKind[] = ['pth-bundle', 'append', 'refresh', 'macos-install-certificates', 'point', 'os-store'];

const OWN: Scope = { own: true, reason: 'own', readers: [] };

const keyOf = (p: RepairProposal): string =>
  [
    p.kind,
    p.python ?? '',
    p.bundlePath ?? '',
    p.variable ?? '',
    ...(p.certificates ?? []).map((c) => c.fingerprint).sort(),
  ].join('|');

async function scopeOfProposal(p: RepairProposal, target: ScopeTarget | undefined, world: ScopeWorld): Promise<Scope> {
  switch (p.kind) {
    case 'pth-bundle':
    case 'macos-install-certificates':
      return OWN;
    case 'point':
      return { own: false, reason: 'user-wide', readers: [{ kind: 'env', variable: p.variable ?? '' }] };
    case 'os-store':
      return { own: false, reason: 'system-store', readers: [{ kind: 'system-store', family: world.platform.id }] };
    default:
      if (!p.bundlePath || !target) return { own: false, reason: 'outside', readers: [] };
      return scopeOf(p.bundlePath, target, world);
  }
}

/** An append to a file the distribution rebuilds becomes its own route: one os-store step per root. */
function distributionRoute(p: RepairProposal, scope: Scope): Offer[] {
  if (p.kind !== 'append' || !p.certificates?.length) return []; // a refresh of it is the distribution's update
  const path = p.bundlePath === scope.realPath ? (p.bundlePath ?? '') : `${p.bundlePath} -> ${scope.realPath}`;
  return p.certificates.map((c) => ({
    proposal: {
      kind: 'os-store' as const,
      why: msg('check:repair.distributionRoute', {
        names: c.name,
        path,
        command: scope.owner?.refreshedBy ?? '',
        anchorDir: scope.owner?.anchorDir ?? '',
      }),
      certificates: [c],
      ...(p.needsFingerprintConfirmation ? { needsFingerprintConfirmation: true } : {}),
      ...(p.python ? { python: p.python } : {}),
      ...(p.client ? { client: p.client } : {}),
    },
    scope,
  }));
}

/** One chosen route for a client: every candidate of the same kind for the same target (an
 * intermediate and a root go to one bundle, or to one interpreter's .pth bundle). */
function sameRoute(a: RepairProposal, b: RepairProposal): boolean {
  return (
    a.kind === b.kind &&
    (a.kind === 'pth-bundle' ? a.python === b.python : a.bundlePath === b.bundlePath && a.variable === b.variable)
  );
}

/**
 * Each failing client's repairs, narrowest first: `clients` (checkForFix's clientRepairs) get as
 * proposals only routes that change their interpreter's own files; everything else is returned as
 * offers. `focus`: the interpreter the user's error came from; other interpreters' repairs are offers.
 */
export async function narrowClients(
  rows: CheckResult[],
  clients: ClientRepair[],
  input: { world: ScopeWorld; targets: ReadonlyMap<string, ScopeTarget>; focus?: string },
): Promise<{ clients: ClientRepair[]; offered: Offer[] }> {
  const offered = new Map<string, Offer>();
  const out: ClientRepair[] = [];
  for (const c of clients) {
    const row = rows.find((r) => r.python === c.python && r.client === c.client);
    if (!row) {
      out.push(c);
      continue;
    }
    const target = input.targets.get(c.python);
    const elsewhere = input.focus !== undefined && c.python !== input.focus;
    // A step check knows leaves the client failing (Python 3.13's strict rule) is never chosen or offered.
    const candidates = row.repairs
      .filter((r) => ORDER.includes(r.kind) && !r.stillFails)
      .sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
    let chosen: { proposal: RepairProposal; scope: Scope } | undefined;
    for (const p of candidates) {
      if (chosen && sameRoute(p, chosen.proposal)) continue;
      let scope = await scopeOfProposal(p, target, input.world);
      if (elsewhere) {
        const them: Reader = {
          kind: 'python',
          executable: c.python,
          ...(row.pythonVersion ? { version: row.pythonVersion } : {}),
          clients: [c.client],
        };
        scope = {
          ...scope,
          own: false,
          reason: scope.own ? 'other-python' : scope.reason,
          readers: [them, ...scope.readers],
        };
      }
      if (scope.own) {
        chosen ??= { proposal: p, scope };
        continue; // a second own route for the same client: the first one is enough
      }
      const offers = scope.owner?.manager === 'distribution' ? distributionRoute(p, scope) : [{ proposal: p, scope }];
      for (const o of offers) {
        const key =
          o.proposal.kind === 'os-store'
            ? `os-store|${(o.proposal.certificates ?? []).map((x) => x.fingerprint).join(',')}`
            : keyOf(o.proposal);
        if (!offered.has(key)) offered.set(key, o);
      }
    }
    const proposals = chosen ? candidates.filter((p) => sameRoute(p, chosen.proposal)) : [];
    out.push({
      ...c,
      proposals,
      unfixable: proposals.length ? [] : row.repairs.filter((p) => p.kind === 'none'),
      otherRoutes: proposals.length
        ? []
        : [...new Set(row.repairs.filter((p) => p.kind === 'use-os-store').map((p) => p.kind))],
      ...(chosen ? { scope: chosen.scope } : {}),
    });
  }
  return { clients: out, offered: [...offered.values()] };
}

/** The interpreters' facts and the machine's readers, as narrowClients needs them. */
export async function scopeInputs(input: {
  dataDir: string;
  platform: Platform;
  env: NodeJS.ProcessEnv;
  pythons: string[];
  known: PythonInfo[];
}): Promise<{ world: ScopeWorld; targets: Map<string, ScopeTarget> }> {
  const targets = new Map<string, ScopeTarget>();
  const defaults: Array<string | null> = [];
  for (const exe of new Set(input.pythons)) {
    try {
      const facts = await pythonFacts(exe);
      targets.set(exe, await targetOf(facts));
      defaults.push(facts.opensslCafile);
    } catch {
      // an interpreter that cannot describe itself has no own files TrustFix can tell apart
    }
  }
  const world = await buildWorld({
    dataDir: input.dataDir,
    platform: input.platform,
    env: input.env,
    pythons: input.known,
    opensslDefaults: defaults,
  });
  return { world, targets };
}

/**
 * Completes a per-client plan (clientPlan.ts planClients) for safety rule 7: each chosen action gets
 * its client's scope and the client it repairs; the offers are planned as o1, o2, ... into
 * `plan.offered` (an offer that cannot be planned, one waiting for a fingerprint say, is left out),
 * and each client learns the ids offered for it.
 */
export async function addOffers(
  pc: PlanContext,
  plan: Plan,
  clients: ClientPlan[],
  repairs: ClientRepair[],
  offered: Offer[],
  options: PlannerOptions,
): Promise<ClientPlan[]> {
  for (const c of clients) {
    const scope = repairs.find((r) => r.key === c.key)?.scope;
    for (const a of c.actions) {
      const action = plan.actions[a]!;
      if (scope) action.scope ??= scope;
      action.repairs ??= { python: c.python, client: c.client };
    }
  }
  const { plan: sub, actionOf } = await planTracked(
    pc,
    offered.map((o) => o.proposal),
    options,
  );
  plan.offered = [];
  for (const [i, o] of offered.entries()) {
    const at = actionOf[i];
    if (at === null || at === undefined) continue;
    const action = sub.actions[at]!;
    if (plan.offered.includes(action)) continue;
    action.scope = o.scope;
    if (o.proposal.python && o.proposal.client)
      action.repairs = { python: o.proposal.python, client: o.proposal.client };
    plan.offered.push(action);
  }
  plan.offered.forEach((a, i) => (a.id = `o${i + 1}`));
  return clients.map((c) => {
    const ids = plan
      .offered!.filter((a) => a.repairs?.python === c.python && a.repairs.client === c.client)
      .map((a) => a.id);
    return ids.length ? { ...c, offered: ids } : c;
  });
}

/**
 * What the user ticked: the default actions they kept (all but `skip`) and the offered ones they added
 * (`include`), or exactly `only`. Each client's action indexes follow; an added offer joins the client
 * it repairs (so the re-check keeps or puts it back with that client).
 */
export function selectSteps(
  plan: Plan,
  clients: ClientPlan[],
  selection: { include?: string[]; skip?: string[]; only?: string[] },
): { plan: Plan; clients: ClientPlan[] } {
  const offered = plan.offered ?? [];
  const keep = (a: ActionRecord, byDefault: boolean): boolean =>
    selection.only
      ? selection.only.includes(a.id)
      : byDefault
        ? !(selection.skip ?? []).includes(a.id)
        : (selection.include ?? []).includes(a.id);
  const actions = [...plan.actions.filter((a) => keep(a, true)), ...offered.filter((a) => keep(a, false))];
  const index = (a: ActionRecord): number => actions.indexOf(a);
  const out = clients.map((c): ClientPlan => {
    const mine = [
      ...c.actions.map((i) => plan.actions[i]!),
      ...offered.filter((a) => a.repairs?.python === c.python && a.repairs.client === c.client),
    ];
    const now = [...new Set(mine.map(index).filter((i) => i >= 0))].sort((x, y) => x - y);
    if (now.length === 0)
      return { ...c, actions: [], ...(c.status === 'planned' ? { status: 'no-repair' as const } : {}) };
    return { ...c, actions: now, status: 'planned' };
  });
  return { plan: { ...plan, actions, offered: offered.filter((a) => !actions.includes(a)) }, clients: out };
}
