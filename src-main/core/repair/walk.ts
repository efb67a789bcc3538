// The one walk over steps (safety rules 2-6, docs/safety-rules.md). Forward (apply), per step as this user: lock its files,
// check it, keep the exact bytes it replaces in the journal, mark it pending, do it, read it back,
// mark it done. Backward (undo, rollback), per step, each the inverse of a change: lock, check by
// hashes (already back: nothing to do; changed by someone else: a conflict, left alone), do, read
// back, mark it. Safety rule 5, asked once: every step that needs the administrator goes into one
// elevated batch per walk, checked (and backed up) here first, done by the elevated process, which
// checks each again through the same step code (elevatedApply.ts), then read back here.
import { msg, Problem, type Message } from '../messages.ts';
import type { ActionRecord, Change } from './action.ts';
import { CommandStep, runCommand } from './commandStep.ts';
import { BatchError, batchReason, runElevatedBatch } from './elevatedBatch.ts';
import type { BatchStep, ElevatedFileRecord } from './elevation.ts';
import { FileStep } from './fileStep.ts';
import type { JournalChange } from './journal.ts';
import { withLocks } from './lock.ts';
import { ConflictError, stepProblemOf, type Readiness, type Step, type StepEnv, type StepIO } from './step.ts';

/** One step of a journal entry: action `a`, change `c`, its journal record, and whether it needs
 * the administrator (decided before anything runs). */
export interface Item {
  a: number;
  c: number;
  jc: JournalChange;
  step: Step;
  elevated: boolean;
}

export interface WalkEnv extends StepEnv {
  dataDir: string;
  io: StepIO;
  signal?: AbortSignal;
}

/** Live progress per action, and a note that something may have changed (rollback is needed). */
export interface ForwardHooks {
  begin: (a: number) => void;
  finish: (a: number) => void;
  touched: () => void;
}

/** The step for one change of a plan (or of a journal entry, whose file contents are not kept). */
export function stepFor(
  action: Pick<ActionRecord, 'kind' | 'where'>,
  change: Change,
  dataDir: string,
  os?: NodeJS.Platform,
): Step {
  if (change.type === 'command') return CommandStep.forChange(change, action.where, dataDir);
  const purpose: ElevatedFileRecord['purpose'] =
    action.kind === 'append' ? 'append' : action.kind === 'os-store' ? 'os-store' : 'refresh';
  return FileStep.forChange(change, dataDir, purpose, os);
}

/** How a walk runs commands as this user: live output where asked (pip), cancellable. */
export function commandRunner(onOutput?: (chunk: string) => void, signal?: AbortSignal): StepIO {
  return {
    run: (spec, o) =>
      runCommand(spec, {
        ...(onOutput && o.live ? { onOutput } : {}),
        ...(o.env ? { env: o.env } : {}),
        ...(signal ? { signal } : {}),
      }),
  };
}

const locksOf = (items: Item[]): string[] => items.flatMap((i) => [...i.step.locks]);

async function verified(step: Step): Promise<void> {
  const bad = await step.verify();
  if (bad) throw new Problem(bad);
}

async function keepBackup(env: WalkEnv, item: Item): Promise<void> {
  const bytes = item.step.replaced();
  if (bytes) item.jc.backup = await env.journal.backup(env.entry, item.a, item.c, bytes);
}

/** A cancel (Ctrl-C, SIGTERM) is honoured between steps, never inside one: a step is a whole write. */
export function stopIfCancelled(env: WalkEnv): void {
  if (env.signal?.aborted) throw new Problem(msg('repair:interrupted'));
}

/**
 * Forward. Each action keeps its order: its steps before its first elevated one run first (with
 * every other action's), then the batch, then whatever an action has after its elevated steps.
 */
export async function walkForward(env: WalkEnv, items: Item[], hooks: ForwardHooks): Promise<void> {
  const seen = new Set<number>();
  const phase = items.map((item) => {
    if (item.elevated) seen.add(item.a);
    return item.elevated ? 2 : seen.has(item.a) ? 3 : 1;
  });
  for (const [i, item] of items.entries()) if (phase[i] === 1) await forwardHere(env, item, hooks);
  await forwardElevated(
    env,
    items.filter((_, i) => phase[i] === 2),
    hooks,
  );
  for (const [i, item] of items.entries()) if (phase[i] === 3) await forwardHere(env, item, hooks);
}

async function forwardHere(env: WalkEnv, item: Item, hooks: ForwardHooks): Promise<void> {
  stopIfCancelled(env);
  hooks.begin(item.a);
  const { step, jc } = item;
  await withLocks(env.dataDir, [...step.locks], async () => {
    await step.check();
    try {
      await keepBackup(env, item);
      jc.state = 'pending';
      hooks.touched();
      await env.journal.save(env.entry);
    } catch (error) {
      await step.release();
      throw error;
    }
    await step.do(env.io);
    await verified(step);
  });
  jc.state = 'done';
  await env.journal.save(env.entry);
  hooks.finish(item.a);
}

async function forwardElevated(env: WalkEnv, batch: Item[], hooks: ForwardHooks): Promise<void> {
  if (batch.length === 0) return;
  stopIfCancelled(env);
  for (const item of batch) hooks.begin(item.a);
  await withLocks(env.dataDir, locksOf(batch), async () => {
    const records: BatchStep[] = [];
    for (const item of batch) {
      await item.step.check();
      try {
        await keepBackup(env, item);
        records.push(...item.step.records());
      } finally {
        await item.step.release(); // the elevated process checks and writes it itself
      }
      item.jc.state = 'pending';
      item.jc.elevated = true;
    }
    hooks.touched();
    await env.journal.save(env.entry);
    try {
      await runElevatedBatch(env, 'apply', records, batchReason(batch.map((i) => i.step.where)));
    } catch (error) {
      // The elevated process took its own steps back (or never ran): nothing of the batch to undo.
      if (error instanceof BatchError && !error.kept) {
        for (const item of batch) item.jc.state = 'rolled-back';
        await env.journal.save(env.entry);
      }
      throw error;
    }
    for (const item of batch) {
      await verified(item.step);
      item.jc.state = 'done';
      hooks.finish(item.a);
    }
    await env.journal.save(env.entry);
  });
}

/**
 * Backward: `items` are inverse steps, in the order to run them. The elevated ones go first, in one
 * batch; an action whose elevated part could not be taken back keeps its other changes too, for a
 * later undo. Never throws for one step: each problem is noted on its change and returned.
 */
export async function walkBackward(
  env: WalkEnv,
  items: Item[],
  finalState: 'rolled-back' | 'undone',
): Promise<Message[]> {
  const problems: Message[] = [];
  const conflict = (item: Item, error: ConflictError): void => {
    item.jc.state = 'conflict';
    item.jc.problem = error.problem;
    problems.push(error.problem);
  };
  const blocked = new Set<number>();
  const elevated = items.filter((i) => i.elevated);
  if (elevated.length > 0) {
    try {
      await withLocks(env.dataDir, locksOf(elevated), async () => {
        const records: BatchStep[] = [];
        const queued: Item[] = [];
        for (const item of elevated) {
          let ready: Readiness;
          try {
            ready = await item.step.check();
          } catch (error) {
            if (!(error instanceof ConflictError)) throw error;
            conflict(item, error);
            continue;
          }
          if (ready === 'done') {
            item.jc.state = finalState;
            continue;
          }
          try {
            records.push(...item.step.records());
          } finally {
            await item.step.release();
          }
          queued.push(item);
        }
        if (records.length === 0) return;
        try {
          await runElevatedBatch(
            env,
            `${finalState === 'undone' ? 'undo' : 'rollback'}-${Date.now().toString(36)}`,
            records,
            batchReason(queued.map((i) => i.step.where)),
          );
        } catch (error) {
          const problem = stepProblemOf(error);
          problems.push(problem);
          for (const item of queued) {
            item.jc.problem = problem;
            blocked.add(item.a);
          }
          return;
        }
        for (const item of queued) {
          const bad = await item.step.verify();
          if (bad) {
            item.jc.problem = bad;
            problems.push(bad);
            blocked.add(item.a);
          } else item.jc.state = finalState;
        }
      });
    } catch (error) {
      problems.push(stepProblemOf(error));
      for (const item of elevated) blocked.add(item.a);
    }
    await env.journal.save(env.entry);
  }

  for (const item of items.filter((i) => !i.elevated)) {
    if (blocked.has(item.a)) continue;
    try {
      await withLocks(env.dataDir, [...item.step.locks], async () => {
        if ((await item.step.check()) === 'ready') {
          await item.step.do(env.io);
          await verified(item.step);
        }
        item.jc.state = finalState;
      });
    } catch (error) {
      if (error instanceof ConflictError) conflict(item, error);
      else {
        item.jc.problem = stepProblemOf(error);
        problems.push(item.jc.problem);
      }
    }
    await env.journal.save(env.entry);
  }
  return problems;
}
