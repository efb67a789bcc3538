// Narrowest first (safety rule 7), for `trustfix fix` and the wizard: among check's repairs for each
// failing client, the default is the first that changes only the interpreter's own files (its venv,
// its site-packages, TrustFix's data folder); for urllib that is the .pth route (planPthBundle.ts).
// Every repair that changes a shared file is offered separately, unticked, with who else reads the
// file and who owns it. A distribution's generated bundle is never offered for an in-place edit: the
// offer becomes that distribution's route (anchor file + its refresh command, planOsStoreAdd).
import type { CheckResult } from '../diagnose/types.ts';
import type { Platform } from '../platform/types.ts';
import type { ClientName, PythonInfo } from '../pythons/types.ts';
import { msg } from '../messages.ts';
import type { ActionRecord, Plan } from './action.ts';
import { planProposals, type PlannerOptions } from './planner.ts';
import type { PlanContext } from './planContext.ts';
import type { RepairKind, RepairProposal } from './proposal.ts';
import { pythonFacts } from './pythonFacts.ts';
import { buildWorld, scopeOf, targetOf, type Reader, type Scope, type ScopeTarget, type ScopeWorld } from './scope.ts';

export interface Offer {
  proposal: RepairProposal;
  scope: Scope;
}

export interface NarrowChoice {
  /** Planned by default: one per failing client, touching only that interpreter's own files. */
  chosen: Array<{ proposal: RepairProposal; scope: Scope }>;
  /** Offered, not planned unless asked for. */
  offered: Offer[];
}

/** Narrowest first; truststore (use-os-store) changes whose roots are trusted and runs on its own. */
const ORDER: RepairKind[] = ['pth-bundle', 'append', 'refresh', 'macos-install-certificates', 'point', 'os-store'];

const OWN: Scope = { own: true, reason: 'own', readers: [] };

export function proposalKey(p: RepairProposal): string {
  return [p.kind, p.python ?? '', p.bundlePath ?? '', p.variable ?? '', ...(p.certificates ?? []).map((c) => c.fingerprint).sort()].join('|');
}

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
  return p.certificates.map((c) => ({
    proposal: {
      kind: 'os-store' as const,
      why: msg('check:repair.distributionRoute', { names: c.name, path: p.bundlePath === scope.realPath ? (p.bundlePath ?? '') : `${p.bundlePath} -> ${scope.realPath}`, command: scope.owner?.refreshedBy ?? '', anchorDir: scope.owner?.anchorDir ?? '' }),
      certificates: [c],
      ...(p.needsFingerprintConfirmation ? { needsFingerprintConfirmation: true } : {}),
      ...(p.python ? { python: p.python } : {}),
      ...(p.client ? { client: p.client } : {}),
    },
    scope,
  }));
}

/**
 * `focus`: the interpreter the user's error came from (the wizard's traceback, `fix --python`); the
 * other interpreters' repairs are then offered too, not chosen. Without it, each interpreter checked
 * gets its own narrow repair.
 */
export async function narrowChoice(failing: CheckResult[], input: { world: ScopeWorld; targets: ReadonlyMap<string, ScopeTarget>; focus?: string }): Promise<NarrowChoice> {
  const chosen: NarrowChoice['chosen'] = [];
  const offered = new Map<string, Offer>();
  for (const row of failing) {
    if (!row.python || !row.client) continue;
    const target = input.targets.get(row.python);
    const elsewhere = input.focus !== undefined && row.python !== input.focus;
    const candidates = row.repairs.filter((r) => ORDER.includes(r.kind)).sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
    let picked = false;
    for (const p of candidates) {
      let scope = await scopeOfProposal(p, target, input.world);
      if (elsewhere) {
        const them: Reader = { kind: 'python', executable: row.python, ...(row.pythonVersion ? { version: row.pythonVersion } : {}), clients: [row.client] };
        scope = { ...scope, own: false, reason: scope.own ? 'other-python' : scope.reason, readers: [them, ...scope.readers] };
      }
      if (scope.own && !picked) {
        picked = true;
        chosen.push({ proposal: p, scope });
        continue;
      }
      if (scope.own) continue; // a second own route for the same client: the first one is enough
      const offers = scope.owner?.manager === 'distribution' ? distributionRoute(p, scope) : [{ proposal: p, scope }];
      for (const o of offers) {
        const key = o.proposal.kind === 'os-store' ? `os-store|${(o.proposal.certificates ?? []).map((c) => c.fingerprint).join(',')}` : proposalKey(o.proposal);
        if (!offered.has(key)) offered.set(key, o);
      }
    }
  }
  const chosenKeys = new Set(chosen.map((c) => proposalKey(c.proposal)));
  return { chosen, offered: [...offered.values()].filter((o) => !chosenKeys.has(proposalKey(o.proposal))) };
}

/** The interpreters' facts and the machine's readers, as narrowChoice needs them. */
export async function scopeInputs(input: { dataDir: string; platform: Platform; env: NodeJS.ProcessEnv; pythons: string[]; known: PythonInfo[] }): Promise<{ world: ScopeWorld; targets: Map<string, ScopeTarget> }> {
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
  const world = await buildWorld({ dataDir: input.dataDir, platform: input.platform, env: input.env, pythons: input.known, opensslDefaults: defaults });
  return { world, targets };
}

/** The plan: the chosen repairs as actions a1..an, the offered ones as o1..on (not applied unless
 * selected), each with its scope. One change per file per command. */
export async function planNarrow(pc: PlanContext, choice: NarrowChoice, options: PlannerOptions): Promise<Plan> {
  const plan: Plan = { actions: [], refused: [], offered: [] };
  const touched = new Set<string>();
  const one = async (p: RepairProposal, scope: Scope, id: string, list: ActionRecord[], refused: Plan['refused']): Promise<boolean> => {
    const target = p.kind === 'pth-bundle' ? `pth|${p.python}` : p.bundlePath ? `${p.kind === 'os-store' ? 'os' : 'file'}|${p.bundlePath}` : undefined;
    if (target && touched.has(target)) return false;
    const sub = await planProposals(pc, [p], options);
    refused.push(...sub.refused);
    const action = sub.actions[0];
    if (!action) return false;
    if (target) touched.add(target);
    list.push({ ...action, id, scope, ...(p.python && p.client ? { repairs: { python: p.python, client: p.client } } : {}) });
    return true;
  };
  let n = 0;
  for (const c of choice.chosen) if (await one(c.proposal, c.scope, `a${n + 1}`, plan.actions, plan.refused)) n++;
  let m = 0;
  const offeredRefusals: Plan['refused'] = []; // an offer that cannot be planned is simply not offered
  for (const o of choice.offered) if (await one(o.proposal, o.scope, `o${m + 1}`, plan.offered!, offeredRefusals)) m++;
  return plan;
}

/** The clients a plan's actions are meant to fix: what the re-check after applying it holds it to. */
export function clientsOf(plan: Plan): Array<{ python: string; client: ClientName }> {
  const seen = new Map<string, { python: string; client: ClientName }>();
  for (const a of plan.actions) if (a.repairs) seen.set(`${a.repairs.python}|${a.repairs.client}`, a.repairs);
  return [...seen.values()];
}

/** What the user ticked: the default actions they kept and the offered ones they added, in order. */
export function selectSteps(plan: Plan, selection: { include?: string[]; skip?: string[]; only?: string[] }): Plan {
  const offered = plan.offered ?? [];
  const keep = (a: ActionRecord, byDefault: boolean): boolean =>
    selection.only ? selection.only.includes(a.id) : byDefault ? !(selection.skip ?? []).includes(a.id) : (selection.include ?? []).includes(a.id);
  const actions = [...plan.actions.filter((a) => keep(a, true)), ...offered.filter((a) => keep(a, false))];
  return { ...plan, actions, offered: offered.filter((a) => !actions.includes(a)) };
}
