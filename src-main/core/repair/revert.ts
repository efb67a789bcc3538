// Takes back what a journal entry did, newest change first: used for a rollback inside apply and for
// `trustfix undo`. It trusts hashes over recorded states, so it also finishes the job after a kill:
//   file now has the old hash            -> nothing to do
//   file now has the new hash            -> write the backup back (or remove a file that was new)
//   anything else                        -> someone changed it since: leave it, report a conflict
import { msg, type Message } from '../messages.ts';
import { runCommand } from './commandStep.ts';
import { problemOf, verifyFile, writeStep, type StepEnv } from './fileStep.ts';
import type { JournalChange } from './journal.ts';
import { withLock } from './lock.ts';
import { identify } from './pathGuard.ts';

export async function revertEntry(env: StepEnv, finalState: 'rolled-back' | 'undone'): Promise<{ ok: boolean; problems: Message[] }> {
  const { entry, journal } = env;
  const problems: Message[] = [];
  const todo: Array<{ jc: JournalChange; a: number; c: number }> = [];
  for (let a = entry.actions.length - 1; a >= 0; a--) {
    const changes = entry.actions[a]!.changes.map((jc, c) => ({ jc, a, c })).reverse();
    const last = (x: { jc: JournalChange }) => x.jc.change.type === 'command' && x.jc.change.undoLast === true;
    todo.push(...changes.filter((x) => !last(x)), ...changes.filter(last));
  }
  for (const { jc, a, c } of todo) {
    if (jc.state !== 'pending' && jc.state !== 'done' && jc.state !== 'conflict') continue;
    try {
      const change = jc.change;
      if (change.type === 'file') {
        await withLock(journal.dataDir, change.realPath, async () => {
          const now = await identify(change.path).catch(() => null);
          const nowSha = now?.identity.sha256 ?? null;
          const beforeSha = change.before?.sha256 ?? null;
          const afterSha = change.after?.sha256 ?? null;
          if (nowSha === beforeSha) {
            jc.state = finalState;
            return;
          }
          if (nowSha !== afterSha) {
            jc.state = 'conflict';
            jc.problem = msg('repair:undo.conflict', { path: change.path });
            problems.push(jc.problem);
            return;
          }
          const bytes = jc.backup ? await journal.readBackup(entry, jc.backup) : null;
          if (change.before && !bytes) throw new Error(`backup missing for ${change.path}`);
          await writeStep(env, change, bytes, change.before, 'restore', `undo-${a}-${c}`);
          const bad = await verifyFile(change.path, change.before, { kind: 'text' });
          if (bad) throw Object.assign(new Error(bad.code), { problem: bad });
          jc.state = finalState;
        });
      } else {
        if (jc.state === 'pending' || jc.state === 'done') {
          for (const spec of change.undo) await runCommand(spec, change.env ? { env: change.env } : {});
        }
        jc.state = finalState;
      }
    } catch (error) {
      const problem = (error as { problem?: Message }).problem ?? problemOf(error);
      jc.problem = problem;
      problems.push(problem);
    }
    await journal.save(entry);
  }
  const ok = problems.length === 0;
  entry.state = ok ? finalState : finalState === 'undone' ? 'partly-undone' : 'failed';
  if (finalState === 'undone' && ok) entry.undoneAt = new Date().toISOString();
  await journal.save(entry);
  return { ok, problems };
}
