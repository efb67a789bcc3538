// Applies a plan (safety rules 2-5, 8, docs/safety-rules.md): a journal entry first, then the plan's steps walked forward
// (walk.ts: per step lock, re-check, back up the exact bytes, write next to the old file and rename,
// read back; everything needing the administrator in one elevated batch), then each action's
// read-backs, then the client re-checked. A failure rolls back everything this command did (the
// journal's steps walked backward, revert.ts) and says so; with a per-client re-check each client's
// actions are kept or put back on their own. A cancel (`signal`: Ctrl-C, SIGTERM) is a failure like
// any other, taken between steps: what was done is put back.
import { msg, Problem, type Message } from '../messages.ts';
import { platformFor } from '../platform/index.ts';
import type { Plan } from './action.ts';
import { checkAction } from './actionChecks.ts';
import { sudoPromptRunner, type ElevationRunner } from './elevation.ts';
import { Journal, type JournalEntry } from './journal.ts';
import { revertEntry } from './revert.ts';
import { stepProblemOf, type Step, type StepEnv } from './step.ts';
import { commandRunner, stepFor, stopIfCancelled, walkForward, type Item, type WalkEnv } from './walk.ts';

export interface ApplyOptions {
  dataDir: string;
  command: string;
  elevate?: ElevationRunner;
  self?: string[];
  os?: NodeJS.Platform;
  /** Safety rule 8, per client: re-run every client once; each group's actions are kept when its
   * client works and put back on their own when it still fails. */
  recheck?: Recheck;
  onOutput?: (chunk: string) => void;
  beforeElevation?: (why: Message) => void;
  /** Each action as it starts and ends (the app's live progress). */
  onStep?: (action: number, state: 'running' | 'done' | 'failed') => void;
  signal?: AbortSignal;
}

/** One client a plan meant to fix, and the actions done for it. */
export interface RecheckGroup {
  key: string;
  actions: number[];
}

export interface Recheck {
  groups: RecheckGroup[];
  /** Re-runs the clients once: each group's key -> whether it works now, and what it said. */
  run: () => Promise<Record<string, { ok: boolean; detail: string }>>;
}

/** How one client came out: fixed (its changes kept), or still failing (its changes put back). */
export interface GroupOutcome {
  key: string;
  ok: boolean;
  detail: string;
  /** Its changes were taken back (a change another working client needs stays). */
  putBack: boolean;
}

export interface ApplyResult {
  ok: boolean;
  entry: JournalEntry | null;
  problems: Message[];
  /** With `recheck`: one outcome per group, in the order given. */
  outcomes?: GroupOutcome[];
}

export async function applyPlan(plan: Plan, options: ApplyOptions): Promise<ApplyResult> {
  if (plan.actions.length === 0) return { ok: true, entry: null, problems: [] };
  const os = options.os ?? platformFor().id;
  // Which steps need the administrator is decided before anything is written (and may refuse).
  const planned: Array<{ a: number; c: number; step: Step; elevated: boolean }> = [];
  try {
    for (const [a, action] of plan.actions.entries()) {
      for (const [c, change] of action.changes.entries()) {
        const step = stepFor(action, change, options.dataDir, os);
        planned.push({ a, c, step, elevated: await step.needsElevation() });
      }
    }
  } catch (error) {
    return { ok: false, entry: null, problems: [stepProblemOf(error)] }; // refused before anything began
  }
  const journal = new Journal(options.dataDir);
  const entry = await journal.create(options.command, plan.actions);
  const env: WalkEnv = {
    journal,
    entry,
    elevate: options.elevate ?? sudoPromptRunner,
    self: options.self ?? [process.execPath, process.argv[1] ?? ''],
    os,
    dataDir: options.dataDir,
    io: commandRunner(options.onOutput, options.signal),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.beforeElevation ? { beforeElevation: options.beforeElevation } : {}),
  };
  const items: Item[] = planned.map((p) => ({ ...p, jc: entry.actions[p.a]!.changes[p.c]! }));
  let touched = false;
  // Live progress per action: running at its first change, done after its last.
  const remaining = plan.actions.map((a) => a.changes.length);
  const running = new Set<number>();
  const hooks = {
    begin: (a: number): void => {
      if (running.has(a) || remaining[a] === 0) return;
      running.add(a);
      options.onStep?.(a, 'running');
    },
    finish: (a: number): void => {
      remaining[a]!--;
      if (remaining[a] === 0) {
        running.delete(a);
        options.onStep?.(a, 'done');
      }
    },
    touched: (): void => void (touched = true),
  };

  try {
    await walkForward(env, items, hooks);
    for (const [a, action] of plan.actions.entries()) {
      const bad = await checkAction(action);
      if (bad) {
        options.onStep?.(a, 'failed');
        throw new Problem(bad);
      }
    }
    // Cancelled during the last step: the command is not done, so what it did is put back.
    stopIfCancelled(env);
    if (options.recheck) return await recheckPerClient(env, options.recheck, plan.actions.length);
    entry.state = 'applied';
    await journal.save(entry);
    return { ok: true, entry, problems: [] };
  } catch (error) {
    const problem = stepProblemOf(error);
    for (const a of running) options.onStep?.(a, 'failed');
    entry.problems.push(problem);
    if (!touched) {
      await journal.remove(entry);
      return { ok: false, entry: null, problems: [problem] };
    }
    const reverted = await revertEntry(env, 'rolled-back');
    entry.problems.push(...reverted.problems);
    entry.problems.push(msg(reverted.ok ? 'repair:rolledBack' : 'repair:rollbackIncomplete', { id: entry.id }));
    await journal.save(entry);
    return { ok: false, entry, problems: entry.problems };
  }
}

/**
 * Every change is in place: re-run the clients once. A client that works keeps its changes; the
 * actions of a client that still fails are put back on their own, unless a working client needs them
 * too. The clients that were kept are asked once more after a partial put-back, so a kept change is
 * never reported fixed on a stale answer.
 */
async function recheckPerClient(env: StepEnv, recheck: Recheck, actionCount: number): Promise<ApplyResult> {
  const { entry, journal } = env;
  const said = await recheck.run();
  const works = (key: string): boolean => said[key]?.ok === true;
  const needed = new Set(recheck.groups.filter((g) => works(g.key)).flatMap((g) => g.actions));
  const putBack = new Set<number>();
  for (let a = 0; a < actionCount; a++) if (!needed.has(a)) putBack.add(a);
  let revertedOk = true;
  if (putBack.size > 0) {
    const reverted = await revertEntry(env, 'rolled-back', putBack);
    entry.problems.push(...reverted.problems);
    revertedOk = reverted.ok;
  }
  let again = said;
  if (putBack.size > 0 && needed.size > 0) again = await recheck.run();
  const outcomes: GroupOutcome[] = recheck.groups.map((g) => {
    const kept = works(g.key) && again[g.key]?.ok === true;
    return {
      key: g.key,
      ok: kept,
      detail: (again[g.key] ?? said[g.key])?.detail ?? '',
      putBack: g.actions.every((a) => putBack.has(a)),
    };
  });
  const allKept = recheck.groups.length > 0 && outcomes.every((o) => o.ok);
  if (!revertedOk) {
    entry.state = 'failed';
    entry.problems.push(msg('repair:rollbackIncomplete', { id: entry.id }));
  } else if (needed.size === 0) {
    entry.state = 'rolled-back';
    entry.problems.push(msg('repair:rolledBack', { id: entry.id }));
  } else {
    entry.state = 'applied';
  }
  await journal.save(entry);
  return { ok: allKept, entry, problems: entry.problems, outcomes };
}
