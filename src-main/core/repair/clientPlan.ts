// Safety rule 8 (docs/safety-rules.md): each client's repair succeeds or is put back on its own, and the user hears per
// client what happened. This file plans per client (which actions serve which client; an action may
// serve several, as one bundle serves requests and pip) and turns applyPlan's per-group answers into
// one outcome per client, for `trustfix fix` and the app alike. Core says what happened as data; the
// CLI and the renderer word it.
import type { Message } from '../messages.ts';
import type { ClientName } from '../pythons/types.ts';
import type { Plan } from './action.ts';
import type { ApplyResult, RecheckGroup } from './apply.ts';
import { planTracked, type PlannerOptions } from './planner.ts';
import type { PlanContext } from './planContext.ts';
import type { Scope } from './scope.ts';
import type { RepairProposal } from '../diagnose/proposal.ts';

/** One client that fails, and what `fix` would do for it. */
export interface ClientRepair {
  /** `python|client`: names the client in a re-check's answer. */
  key: string;
  python: string;
  client: ClientName;
  /** What it says now: the interpreter's own error, or TrustFix's cause. */
  detail: string;
  /** The repairs chosen for it: one, or each append to the one bundle it reads when its path needs
   * several certificates (an intermediate and a private root). Empty when `fix` has none for it. */
  proposals: RepairProposal[];
  /** When nothing is chosen: what only the site's owner or IT can do (check's 'none' proposals). */
  unfixable: RepairProposal[];
  /** When nothing is chosen: the other routes check offers (os-store, use-os-store), run on their own. */
  otherRoutes: RepairProposal['kind'][];
  /** Safety rule 7: whose files its chosen repairs change (its own), who else reads them, the owner. */
  scope?: Scope;
}

/** A client asked for that already works. */
export interface WorkingClient {
  key: string;
  python: string;
  client: ClientName;
}

/** A certificate whose fingerprint the user has to confirm before it is trusted. */
export interface ToConfirm {
  fingerprint: string;
  name: string;
}

export type ClientPlanStatus =
  | 'planned' // its actions are in the plan
  | 'needs-confirmation' // a certificate it needs waits for the user's confirmation
  | 'unfixable' // nothing on this machine fixes it (check's 'none': the site's owner must act)
  | 'refused' // its repair was refused (see reasons)
  | 'no-repair'; // `fix` has no repair for it (check offers another route, or nothing is left to change)

export interface ClientPlan {
  key: string;
  python: string;
  client: ClientName;
  status: ClientPlanStatus;
  /** What it said before anything changed. */
  detail: string;
  /** Indices into plan.actions done for it. */
  actions: number[];
  confirm: ToConfirm[];
  reasons: Message[];
  otherRoutes: RepairProposal['kind'][];
  /** Safety rule 7: ids of offered steps (o1, ...) for it: they change files other programs share. */
  offered?: string[];
}

// The interpreter is part of it: two interpreters' .pth routes are two actions (appends to one shared
// file still become one, in planTracked).
const keyOf = (p: RepairProposal): string =>
  [
    p.kind,
    p.python ?? '',
    p.bundlePath ?? '',
    p.variable ?? '',
    ...(p.certificates ?? []).map((c) => c.fingerprint).sort(),
  ].join('|');

/** The certificates of a client's repairs that wait for the user's confirmation. */
export function waitingFor(client: ClientRepair, confirmed: ReadonlySet<string>): ToConfirm[] {
  const out = new Map<string, ToConfirm>();
  for (const p of client.proposals) {
    if (!p.needsFingerprintConfirmation) continue;
    for (const c of p.certificates ?? [])
      if (!confirmed.has(c.fingerprint)) out.set(c.fingerprint, { fingerprint: c.fingerprint, name: c.name });
  }
  return [...out.values()];
}

/**
 * One plan for every client that can be planned; a client whose repair waits for a confirmation
 * contributes nothing (its other half alone would not fix it), and is reported as waiting.
 */
export async function planClients(
  pc: PlanContext,
  clients: ClientRepair[],
  options: PlannerOptions,
): Promise<{ plan: Plan; clients: ClientPlan[] }> {
  const unique = new Map<string, RepairProposal>();
  const out: ClientPlan[] = clients.map((c) => {
    const base = {
      key: c.key,
      python: c.python,
      client: c.client,
      detail: c.detail,
      actions: [],
      confirm: [],
      reasons: [],
      otherRoutes: c.otherRoutes,
    };
    if (c.proposals.length === 0) {
      return {
        ...base,
        status: c.unfixable.length ? 'unfixable' : 'no-repair',
        reasons: dedupe(c.unfixable.map((p) => p.why)),
      };
    }
    const confirm = waitingFor(c, options.confirmed);
    if (confirm.length) return { ...base, status: 'needs-confirmation', confirm };
    for (const p of c.proposals) if (!unique.has(keyOf(p))) unique.set(keyOf(p), p);
    return { ...base, status: 'planned' };
  });
  const proposals = [...unique.values()];
  const { plan, actionOf, refusedOf } = await planTracked(pc, proposals, options);
  const at = new Map(proposals.map((p, i) => [keyOf(p), i]));
  for (const [i, c] of clients.entries()) {
    const o = out[i]!;
    if (o.status !== 'planned') continue;
    const mine = c.proposals.map((p) => at.get(keyOf(p))!);
    o.actions = [
      ...new Set(mine.flatMap((j) => (actionOf[j] === null || actionOf[j] === undefined ? [] : [actionOf[j]]))),
    ];
    o.reasons = dedupe(mine.flatMap((j) => (refusedOf[j] ? [refusedOf[j]] : [])));
    if (o.actions.length === 0) o.status = o.reasons.length ? 'refused' : 'no-repair';
  }
  return { plan, clients: out };
}

function dedupe(messages: Message[]): Message[] {
  const seen = new Map<string, Message>();
  for (const m of messages) seen.set(`${m.code}${JSON.stringify(m.params ?? {})}`, m);
  return [...seen.values()];
}

/** The groups applyPlan re-checks: every failing client (one with no actions is asked too, since a
 * change another client needed may fix it as well). */
export function recheckGroups(clients: ClientPlan[]): RecheckGroup[] {
  return clients.map((c) => ({ key: c.key, actions: c.actions }));
}

export type ClientOutcomeKind =
  | 'works' // it worked before; nothing was done for it
  | 'fixed' // it works now and its changes are kept
  | 'planned' // without --yes: its actions are planned, nothing changed
  | 'still-failing' // its changes were applied and it still fails
  | 'needs-confirmation'
  | 'unfixable'
  | 'refused'
  | 'no-repair';

export interface ClientOutcome {
  python: string;
  client: ClientName;
  outcome: ClientOutcomeKind;
  /** What it says now (its error; empty when it works). */
  detail: string;
  /** Ids of the actions done (or planned) for it. */
  actions: string[];
  /** still-failing: its changes were put back (false: they stay, a client that works needs them). */
  putBack?: boolean;
  confirm?: ToConfirm[];
  reasons?: Message[];
  otherRoutes?: RepairProposal['kind'][];
  /** Offered steps for it that change shared files (applied only when asked for). */
  offered?: string[];
}

/**
 * Per client, what happened. Without `result` (nothing applied) it says what would happen. A result
 * without outcomes means the apply failed before the re-check: everything was put back.
 */
export function clientOutcomes(
  plan: Plan,
  clients: ClientPlan[],
  working: WorkingClient[],
  result?: ApplyResult,
): ClientOutcome[] {
  const byKey = new Map((result?.outcomes ?? []).map((o) => [o.key, o]));
  const failed = clients.map((c): ClientOutcome => {
    const ids = c.actions.map((a) => plan.actions[a]!.id);
    const base = { python: c.python, client: c.client, detail: c.detail, actions: ids };
    const after = byKey.get(c.key);
    if (after) base.detail = after.detail;
    if (after?.ok) return { ...base, outcome: 'fixed', detail: '' };
    if (c.status === 'planned') {
      if (!result) return { ...base, outcome: 'planned' };
      if (after) return { ...base, outcome: 'still-failing', putBack: after.putBack };
      // The apply stopped before the re-check: refused before anything began, or all put back.
      if (!result.entry) return { ...base, outcome: 'refused', reasons: result.problems };
      return { ...base, outcome: 'still-failing', putBack: result.entry.state === 'rolled-back' };
    }
    return {
      ...base,
      outcome: c.status,
      ...(c.confirm.length ? { confirm: c.confirm } : {}),
      ...(c.reasons.length ? { reasons: c.reasons } : {}),
      ...(c.otherRoutes.length ? { otherRoutes: c.otherRoutes } : {}),
      ...(c.offered?.length ? { offered: c.offered } : {}),
    };
  });
  return [
    ...failed,
    ...working.map((w): ClientOutcome => ({
      python: w.python,
      client: w.client,
      outcome: 'works',
      detail: '',
      actions: [],
    })),
  ];
}

/** Every client asked for works (or, before applying, would: its repair is planned). */
export function allWork(outcomes: ClientOutcome[]): boolean {
  return outcomes.every((o) => o.outcome === 'works' || o.outcome === 'fixed' || o.outcome === 'planned');
}
