// Takes back what a journal entry did: the rollback inside apply, one client's actions put back on
// their own, and `trustfix undo`. Each change the journal records is rebuilt as its step (the same
// step apply ran) and that step's inverse is walked backward (walk.ts), newest action first, within
// one its changes in reverse, then the store refreshes that must see the anchor file gone. It trusts
// hashes over recorded states, so it also finishes the job after a kill:
//   file now has the old hash            -> nothing to do
//   file now has the new hash            -> write the backup back (or remove a file that was new)
//   anything else                        -> someone changed it since: leave it, report a conflict
import { msg, type Message } from '../messages.ts';
import { afterTakeBack, TAKE_BACK } from './journal.ts';
import { stepProblemOf, type StepEnv } from './step.ts';
import { commandRunner, stepFor, walkBackward, type Item, type WalkEnv } from './walk.ts';

/** The inverse steps of the entry (or of just the actions `only`), in the order to run them. */
async function inverseItems(env: StepEnv, only: ReadonlySet<number> | undefined, problems: Message[]): Promise<Item[]> {
  const { entry, journal } = env;
  const items: Item[] = [];
  for (let a = entry.actions.length - 1; a >= 0; a--) {
    if (only && !only.has(a)) continue;
    const action = entry.actions[a]!;
    const mine: Item[] = [];
    for (let c = action.changes.length - 1; c >= 0; c--) {
      const jc = action.changes[c]!;
      if (!TAKE_BACK.has(jc.state)) continue;
      const backup = jc.backup ? await journal.readBackup(entry, jc.backup).catch(() => null) : null;
      if (jc.change.type === 'file' && jc.change.before && !backup) {
        jc.problem = msg('repair:failed.io', { reason: `the backup of ${jc.change.path} is missing from the journal` });
        problems.push(jc.problem);
        continue;
      }
      const step = stepFor(action.record, jc.change, journal.dataDir, env.os).inverse(backup);
      mine.push({ a, c, jc, step, elevated: await step.needsElevation().catch(() => false) });
    }
    items.push(...mine.filter((i) => !i.step.last), ...mine.filter((i) => i.step.last));
  }
  return items;
}

/** Takes back the entry, or with `only` just those actions (one client's repair put back on its own). */
export async function revertEntry(
  env: StepEnv,
  finalState: 'rolled-back' | 'undone',
  only?: ReadonlySet<number>,
): Promise<{ ok: boolean; problems: Message[] }> {
  const { entry, journal } = env;
  const problems: Message[] = [];
  const walkEnv: WalkEnv = { ...env, dataDir: journal.dataDir, io: commandRunner() };
  try {
    const items = await inverseItems(env, only, problems);
    problems.push(...(await walkBackward(walkEnv, items, finalState)));
    const ok = problems.length === 0 && items.every((i) => i.jc.state === finalState);
    entry.state = afterTakeBack(finalState, ok);
    if (finalState === 'undone' && ok) entry.undoneAt = new Date().toISOString();
    await journal.save(entry);
    return { ok, problems };
  } catch (error) {
    problems.push(stepProblemOf(error));
    entry.state = afterTakeBack(finalState, false);
    await journal.save(entry);
    return { ok: false, problems };
  }
}
