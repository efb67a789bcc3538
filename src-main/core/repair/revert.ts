// Takes back what a journal entry did, newest change first: used for a rollback inside apply and for
// `trustfix undo`. It trusts hashes over recorded states, so it also finishes the job after a kill:
//   file now has the old hash            -> nothing to do
//   file now has the new hash            -> write the backup back (or remove a file that was new)
//   anything else                        -> someone changed it since: leave it, report a conflict
// What needs the administrator goes through one elevated batch (one OS prompt) before the rest; an
// action whose elevated part could not be taken back keeps its other changes too, for a later undo.
import { msg, type Message } from '../messages.ts';
import { runCommand } from './commandStep.ts';
import { batchReason, runElevatedBatch, type BatchStep } from './elevatedBatch.ts';
import { fileRecord, needsElevation, problemOf, verifyFile, writeStep, type StepEnv } from './fileStep.ts';
import type { ChangeState, JournalChange } from './journal.ts';
import { withLock, withLocks } from './lock.ts';
import { identify } from './pathGuard.ts';

interface Item {
  jc: JournalChange;
  a: number;
  c: number;
}

const UNDOABLE: ReadonlySet<ChangeState> = new Set(['pending', 'done', 'conflict']);

/** Newest action first; within one, its changes in reverse, and the store refreshes that must see
 * the anchor file gone after its file changes. */
function order(env: StepEnv, only?: ReadonlySet<number>): Item[] {
  const todo: Item[] = [];
  for (let a = env.entry.actions.length - 1; a >= 0; a--) {
    if (only && !only.has(a)) continue;
    const changes = env.entry.actions[a]!.changes.map((jc, c) => ({ jc, a, c })).reverse();
    const last = (x: Item) => x.jc.change.type === 'command' && x.jc.change.undoLast === true;
    todo.push(...changes.filter((x) => !last(x)), ...changes.filter(last));
  }
  return todo.filter((x) => UNDOABLE.has(x.jc.state));
}

/** For a file: what to do now, judged by its hash. */
async function fileVerdict(item: Item): Promise<'nothing' | 'conflict' | 'restore'> {
  const change = item.jc.change;
  if (change.type !== 'file') return 'restore';
  const now = await identify(change.path).catch(() => null);
  const nowSha = now?.identity.sha256 ?? null;
  if (nowSha === (change.before?.sha256 ?? null)) return 'nothing';
  if (nowSha !== (change.after?.sha256 ?? null)) return 'conflict';
  return 'restore';
}

/** Takes back the entry, or with `only` just those actions (one client's repair put back on its own). */
export async function revertEntry(env: StepEnv, finalState: 'rolled-back' | 'undone', only?: ReadonlySet<number>): Promise<{ ok: boolean; problems: Message[] }> {
  const { entry, journal } = env;
  const problems: Message[] = [];
  const conflict = (jc: JournalChange, path: string): void => {
    jc.state = 'conflict';
    jc.problem = msg('repair:undo.conflict', { path });
    problems.push(jc.problem);
  };
  const todo = order(env, only);
  const elevated: Item[] = [];
  const local: Item[] = [];
  for (const item of todo) ((await needsElevation(item.jc.change).catch(() => false)) ? elevated : local).push(item);

  // 1. Everything that needs the administrator, in one batch.
  const blocked = new Set<number>();
  if (elevated.length > 0) {
    const files = elevated.flatMap((x) => (x.jc.change.type === 'file' ? [x.jc.change.realPath] : []));
    try {
      await withLocks(journal.dataDir, files, async () => {
        const steps: BatchStep[] = [];
        const where: string[] = [];
        const queued: Item[] = [];
        for (const item of elevated) {
          const change = item.jc.change;
          if (change.type === 'file') {
            const verdict = await fileVerdict(item);
            if (verdict === 'nothing') item.jc.state = finalState;
            else if (verdict === 'conflict') conflict(item.jc, change.path);
            else {
              const bytes = item.jc.backup ? await journal.readBackup(entry, item.jc.backup) : null;
              if (change.before && !bytes) throw new Error(`backup missing for ${change.path}`);
              steps.push(fileRecord(change, bytes, change.after?.sha256 ?? null, 'restore'));
              where.push(change.path);
              queued.push(item);
            }
          } else if (change.undo.length === 0) {
            item.jc.state = finalState;
          } else {
            for (const spec of change.undo) steps.push({ record: { op: 'store-command', run: spec, undo: [], ...(change.certFile ? { certFile: change.certFile } : {}) } });
            where.push(entry.actions[item.a]!.record.where);
            queued.push(item);
          }
        }
        if (steps.length === 0) return;
        try {
          await runElevatedBatch(env, `${finalState === 'undone' ? 'undo' : 'rollback'}-${Date.now().toString(36)}`, steps, batchReason(where));
        } catch (error) {
          const problem = problemOf(error);
          problems.push(problem);
          for (const item of queued) {
            item.jc.problem = problem;
            blocked.add(item.a);
          }
          return;
        }
        for (const item of queued) {
          const change = item.jc.change;
          if (change.type === 'file') {
            const bad = await verifyFile(change.path, change.before, { kind: 'text' });
            if (bad) {
              item.jc.problem = bad;
              problems.push(bad);
              blocked.add(item.a);
              continue;
            }
          }
          item.jc.state = finalState;
        }
      });
    } catch (error) {
      problems.push(problemOf(error));
      for (const item of elevated) blocked.add(item.a);
    }
    await journal.save(entry);
  }

  // 2. The rest, as this user, in order.
  for (const item of local) {
    if (blocked.has(item.a)) continue;
    const { jc } = item;
    try {
      const change = jc.change;
      if (change.type === 'file') {
        await withLock(journal.dataDir, change.realPath, async () => {
          const verdict = await fileVerdict(item);
          if (verdict === 'nothing') jc.state = finalState;
          else if (verdict === 'conflict') conflict(jc, change.path);
          else {
            const bytes = jc.backup ? await journal.readBackup(entry, jc.backup) : null;
            if (change.before && !bytes) throw new Error(`backup missing for ${change.path}`);
            await writeStep(env, change, bytes, change.before);
            const bad = await verifyFile(change.path, change.before, { kind: 'text' });
            if (bad) throw Object.assign(new Error(bad.code), { problem: bad });
            jc.state = finalState;
          }
        });
      } else {
        if (jc.state === 'pending' || jc.state === 'done') {
          for (const spec of change.undo) await runCommand(spec, change.env ? { env: change.env } : {});
        }
        jc.state = finalState;
      }
    } catch (error) {
      const problem = problemOf(error);
      jc.problem = problem;
      problems.push(problem);
    }
    await journal.save(entry);
  }
  const ok = problems.length === 0 && todo.every((x) => x.jc.state === finalState);
  entry.state = ok ? finalState : finalState === 'undone' ? 'partly-undone' : 'failed';
  if (finalState === 'undone' && ok) entry.undoneAt = new Date().toISOString();
  await journal.save(entry);
  return { ok, problems };
}
