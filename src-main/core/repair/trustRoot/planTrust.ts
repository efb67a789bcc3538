// `trustfix trust ROOT`: one plan, per client found, of the narrowest persistent setting that makes it
// trust ROOT while keeping what it trusts today (planPythons.ts for urllib/requests/pip, planTools.ts
// and planPackaging.ts for the other clients). The user ticks it through by client (selectTrust); each
// action is an ordinary plan action, applied, read back and undone byte for byte by the repair engine.
import type { ToolClient, ToolClientName } from '../../clients/types.ts';
import { msg, Problem, type Message } from '../../messages.ts';
import type { ClientPlaces } from '../../platform/types.ts';
import type { PythonInfo } from '../../pythons/types.ts';
import type { ActionRecord, Plan } from '../action.ts';
import type { PlanContext } from '../planContext.ts';
import { answer, type ToolAnswer, type ToolPlanContext, type TrustRoute, type TrustStatus } from './common.ts';
import { checkPlan } from './forbidden.ts';
import { planAws, planConda, planPoetry, planUv } from './planPackaging.ts';
import { planPythons } from './planPythons.ts';
import { planCurl, planGit, planNode, planNpm } from './planTools.ts';
import type { TrustRoot } from './root.ts';

export interface TrustClientRow {
  /** `python|client` or `tool|name|executable`: names the client in a re-check's answer. */
  key: string;
  client: string;
  executable: string;
  /** For urllib/requests/pip: the interpreter. */
  python?: string;
  version?: string;
  status: TrustStatus;
  route?: TrustRoute;
  /** Ids of the plan's actions done for it (a1, ...); offered ones (o1, ...) in `offered`. */
  actions: string[];
  offered: string[];
  reasons: Message[];
  /** Variables its setting persists for new login shells (NODE_EXTRA_CA_CERTS), for a re-check. */
  envAfter?: Record<string, string>;
}

export interface TrustPlan {
  root: Omit<TrustRoot, 'der'>;
  plan: Plan;
  clients: TrustClientRow[];
}

export interface TrustInput {
  pc: PlanContext;
  root: TrustRoot;
  /** Non-Python clients found (clients/ discovery). */
  tools: ToolClient[];
  /** Interpreters whose urllib, requests and pip get ROOT; `known`: every interpreter found (who else reads a file). */
  pythons: PythonInfo[];
  known: PythonInfo[];
  env: NodeJS.ProcessEnv;
  places: ClientPlaces;
}

type Planner = (tc: ToolPlanContext, clients: ToolClient[]) => Promise<ToolAnswer>;

/** The planners, in the order the plan lists them; a group shares one settings file. */
const GROUPS: Array<{ names: ToolClientName[]; plan: Planner }> = [
  { names: ['curl'], plan: (tc, [c]) => planCurl(tc, c!) },
  { names: ['git'], plan: (tc, [c]) => planGit(tc, c!) },
  { names: ['node'], plan: (tc, [c]) => planNode(tc, c!) },
  { names: ['npm'], plan: (tc, [c]) => planNpm(tc, c!) },
  { names: ['uv'], plan: (tc, [c]) => planUv(tc, c!) },
  { names: ['conda', 'mamba'], plan: planConda },
  { names: ['poetry'], plan: (tc, [c]) => planPoetry(tc, c!) },
  { names: ['aws', 'botocore'], plan: planAws },
];

const toolKey = (c: ToolClient): string => `tool|${c.name}|${c.executable}`;

export async function planTrust(input: TrustInput): Promise<TrustPlan> {
  const { pc, root } = input;
  const py = await planPythons(pc, root, input.pythons, input.known, input.env);
  const plan: Plan = {
    actions: [...py.plan.actions],
    refused: [...py.plan.refused],
    offered: [...(py.plan.offered ?? [])],
  };
  const rows: TrustClientRow[] = py.rows.map((r) => ({
    key: r.key,
    client: r.client,
    executable: r.python,
    python: r.python,
    ...(r.pythonVersion ? { version: r.pythonVersion } : {}),
    status: r.status,
    ...(r.status === 'planned'
      ? { route: 'python-own-files' as const }
      : r.status === 'offered'
        ? { route: 'python-offered' as const }
        : {}),
    actions: r.actions.map((i) => plan.actions[i]!.id),
    offered: r.offered,
    reasons: r.reasons,
  }));
  const tc: ToolPlanContext = { pc, root, env: input.env, places: input.places, all: input.tools };
  for (const group of GROUPS) {
    // One program per name is planned (the first found, as PATH finds it); the others share its
    // settings file and are reported with it. Every botocore shares ~/.aws/config.
    const members = input.tools.filter((t) => group.names.includes(t.name));
    if (members.length === 0) continue;
    const firsts = group.names.includes('botocore')
      ? members
      : group.names.map((n) => members.find((m) => m.name === n)).filter((m): m is ToolClient => !!m);
    let got: ToolAnswer;
    try {
      got = await group.plan(tc, firsts);
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      got = answer(firsts, 'refused', [error.problem]);
    }
    let id: string | undefined;
    if (got.action && got.action.changes.length > 0) {
      id = `a${plan.actions.length + 1}`;
      plan.actions.push({ ...got.action, id } as ActionRecord);
    }
    const status: TrustStatus = got.status === 'planned' && !id ? 'already' : got.status;
    for (const c of members) {
      rows.push({
        key: toolKey(c),
        client: c.name,
        executable: c.executable,
        ...(c.version ? { version: c.version } : {}),
        status,
        ...(got.route ? { route: got.route } : {}),
        actions: id ? [id] : [],
        offered: [],
        reasons: got.reasons,
        ...(got.envAfter && id ? { envAfter: got.envAfter } : {}),
      });
    }
  }
  checkPlan(plan);
  const { der: _der, ...summary } = root;
  return { root: summary, plan, clients: rows };
}

export interface TrustSelection {
  /** Only these clients (by name: curl, git, pip, ...). */
  only?: string[];
  /** Every client but these. */
  skip?: string[];
  /** Offered steps to apply as well (o1, ...). */
  include?: string[];
}

/** What the user ticked: clients left out become `skipped`, and an action stays when a client that is
 * still in needs it (one settings file can serve two clients); offered steps join only when named. */
export function selectTrust(tp: TrustPlan, sel: TrustSelection): TrustPlan {
  const wanted = (client: string): boolean =>
    (sel.only?.length ? sel.only.includes(client) : true) && !(sel.skip ?? []).includes(client);
  const clients = tp.clients.map((r) =>
    wanted(r.client) ? r : { ...r, status: 'skipped' as const, actions: [], offered: [] },
  );
  const keep = new Set(clients.flatMap((r) => r.actions));
  const include = new Set((sel.include ?? []).filter((id) => clients.some((r) => r.offered.includes(id))));
  const offered = tp.plan.offered ?? [];
  const actions = [...tp.plan.actions.filter((a) => keep.has(a.id)), ...offered.filter((a) => include.has(a.id))];
  const out = clients.map((r) => {
    const added = r.offered.filter((id) => include.has(id));
    return added.length ? { ...r, status: 'planned' as const, actions: [...r.actions, ...added] } : r;
  });
  return { ...tp, plan: { ...tp.plan, actions, offered: offered.filter((a) => !include.has(a.id)) }, clients: out };
}

/** Clients named in a selection that were not found: said, not silently ignored. */
export function unknownClients(tp: TrustPlan, sel: TrustSelection): Message[] {
  const names = new Set(tp.clients.map((r) => r.client));
  return [...(sel.only ?? []), ...(sel.skip ?? [])]
    .filter((n) => !names.has(n))
    .map((client) => msg('trust:notFound', { client }));
}
