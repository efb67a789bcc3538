// Applies a plan (safety rules 2-4): journal first, then per change: lock, re-check, back up the exact
// bytes, write next to the old file and rename, verify by re-reading. A failed step or a failed check
// afterwards (the client still cannot connect) rolls back everything this command did, and says so.
// Safety rule 5, asked once: every change that needs the administrator goes into one elevated batch.
// Each action keeps its order: its changes before its first elevated one run first (with every other
// action's), then the batch, then whatever an action has after its elevated changes.
import { readFile } from 'node:fs/promises';
import { msg, type Message } from '../messages.ts';
import type { ActionRecord, Change, Plan } from './action.ts';
import { runCommand } from './commandStep.ts';
import { BatchError, batchReason, runElevatedBatch, type BatchStep } from './elevatedBatch.ts';
import { sudoPromptRunner, type ElevatedFileRecord, type ElevationRunner } from './elevation.ts';
import { fileRecord, needsElevation, problemOf, verifyFile, writeStep, type StepEnv } from './fileStep.ts';
import { Journal, type JournalEntry } from './journal.ts';
import { withLock, withLocks } from './lock.ts';
import { recheckBeforeWrite } from './pathGuard.ts';
import { revertEntry } from './revert.ts';
import { checkAction } from './actionChecks.ts';

export interface ApplyOptions {
  dataDir: string;
  command: string;
  elevate?: ElevationRunner;
  self?: string[];
  platform?: NodeJS.Platform;
  /** Re-run the failing client after the changes; a failure rolls everything back. */
  verifyAfter?: () => Promise<{ ok: boolean; detail: string }>;
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

interface Slot {
  a: number;
  c: number;
  change: Change;
  /** 1: before the action's first elevated change; 2: the elevated batch; 3: after it. */
  phase: 1 | 2 | 3;
}

/** Decides, before anything is written, which changes need the administrator and when each runs. */
async function schedule(plan: Plan): Promise<Slot[]> {
  const slots: Slot[] = [];
  for (const [a, action] of plan.actions.entries()) {
    let seenElevated = false;
    for (const [c, change] of action.changes.entries()) {
      const elevated = await needsElevation(change);
      seenElevated ||= elevated;
      slots.push({ a, c, change, phase: elevated ? 2 : seenElevated ? 3 : 1 });
    }
  }
  return slots;
}

function purposeOf(action: ActionRecord): ElevatedFileRecord['purpose'] {
  return action.kind === 'append' ? 'append' : action.kind === 'os-store' ? 'os-store' : 'refresh';
}

export async function applyPlan(plan: Plan, options: ApplyOptions): Promise<ApplyResult> {
  if (plan.actions.length === 0) return { ok: true, entry: null, problems: [] };
  let slots: Slot[];
  try {
    slots = await schedule(plan);
  } catch (error) {
    return { ok: false, entry: null, problems: [problemOf(error)] }; // refused before anything began
  }
  const journal = new Journal(options.dataDir);
  const entry = await journal.create(options.command, plan.actions);
  const env: StepEnv = {
    journal,
    entry,
    elevate: options.elevate ?? sudoPromptRunner,
    self: options.self ?? [process.execPath, process.argv[1] ?? ''],
    platform: options.platform ?? process.platform,
    ...(options.beforeElevation ? { beforeElevation: options.beforeElevation } : {}),
  };
  let touched = false;
  // Live progress per action: running at its first change, done after its last.
  const remaining = plan.actions.map((a) => a.changes.length);
  const running = new Set<number>();
  const begin = (a: number): void => {
    if (running.has(a) || remaining[a] === 0) return;
    running.add(a);
    options.onStep?.(a, 'running');
  };
  const finish = (a: number): void => {
    remaining[a]!--;
    if (remaining[a] === 0) {
      running.delete(a);
      options.onStep?.(a, 'done');
    }
  };

  const runLocal = async (slot: Slot): Promise<void> => {
    if (options.signal?.aborted) throw new Error('cancelled');
    const { a, c, change } = slot;
    const jc = entry.actions[a]!.changes[c]!;
    begin(a);
    if (change.type === 'file') {
      await withLock(options.dataDir, change.realPath, async () => {
        await recheckBeforeWrite(change.path, change.realPath, change.before);
        if (change.before) jc.backup = await journal.backup(entry, a, c, await readFile(change.path));
        jc.state = 'pending';
        touched = true;
        await journal.save(entry);
        await writeStep(env, change, change.content ?? null, change.before);
        const bad = await verifyFile(change.path, change.after, change.verify);
        if (bad) throw Object.assign(new Error(bad.code), { problem: bad });
      });
    } else {
      jc.state = 'pending';
      touched = true;
      await journal.save(entry);
      await runCommand(change.run, {
        ...(options.onOutput && change.live ? { onOutput: options.onOutput } : {}),
        ...(change.env ? { env: change.env } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    }
    jc.state = 'done';
    await journal.save(entry);
    finish(a);
  };

  const runBatch = async (batch: Slot[]): Promise<void> => {
    if (batch.length === 0) return;
    if (options.signal?.aborted) throw new Error('cancelled');
    for (const s of batch) begin(s.a);
    const files = batch.flatMap((s) => (s.change.type === 'file' ? [s.change.realPath] : []));
    await withLocks(options.dataDir, files, async () => {
      const steps: BatchStep[] = [];
      const where: string[] = [];
      for (const { a, c, change } of batch) {
        const jc = entry.actions[a]!.changes[c]!;
        if (change.type === 'file') {
          await recheckBeforeWrite(change.path, change.realPath, change.before);
          if (change.before) jc.backup = await journal.backup(entry, a, c, await readFile(change.path));
          steps.push(fileRecord(change, change.content ?? null, change.before?.sha256 ?? null, purposeOf(plan.actions[a]!)));
          where.push(change.path);
        } else {
          steps.push({ record: { op: 'store-command', run: change.run, undo: change.undo, ...(change.certFile ? { certFile: change.certFile } : {}) } });
          where.push(plan.actions[a]!.where);
        }
        jc.state = 'pending';
        jc.elevated = true;
      }
      touched = true;
      await journal.save(entry);
      try {
        await runElevatedBatch(env, 'apply', steps, batchReason(where));
      } catch (error) {
        // The elevated process took its own steps back (or never ran): nothing of the batch to undo.
        if (error instanceof BatchError && !error.kept) {
          for (const { a, c } of batch) entry.actions[a]!.changes[c]!.state = 'rolled-back';
          await journal.save(entry);
        }
        throw error;
      }
      for (const { a, c, change } of batch) {
        if (change.type === 'file') {
          const bad = await verifyFile(change.path, change.after, change.verify);
          if (bad) throw Object.assign(new Error(bad.code), { problem: bad });
        }
        entry.actions[a]!.changes[c]!.state = 'done';
        finish(a);
      }
      await journal.save(entry);
    });
  };

  try {
    for (const slot of slots.filter((s) => s.phase === 1)) await runLocal(slot);
    await runBatch(slots.filter((s) => s.phase === 2));
    for (const slot of slots.filter((s) => s.phase === 3)) await runLocal(slot);
    for (const [a, action] of plan.actions.entries()) {
      const bad = await checkAction(action);
      if (bad) {
        options.onStep?.(a, 'failed');
        throw Object.assign(new Error(bad.code), { problem: bad });
      }
    }
    if (options.verifyAfter) {
      const check = await options.verifyAfter();
      if (!check.ok) throw Object.assign(new Error('verify'), { problem: msg('repair:verify.clientStillFails', { detail: check.detail }) });
    }
    if (options.recheck) return await recheckPerClient(env, options.recheck, plan.actions.length);
    entry.state = 'applied';
    await journal.save(entry);
    return { ok: true, entry, problems: [] };
  } catch (error) {
    const problem = problemOf(error);
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
    return { key: g.key, ok: kept, detail: (again[g.key] ?? said[g.key])?.detail ?? '', putBack: g.actions.every((a) => putBack.has(a)) };
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
