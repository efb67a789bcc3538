// Applies a plan (safety rules 2-4): journal first, then per change: lock, re-check, back up the exact
// bytes, write next to the old file and rename, verify by re-reading. A failed step or a failed check
// afterwards (the client still cannot connect) rolls back everything this command did, and says so.
import { readFile } from 'node:fs/promises';
import { msg, type Message } from '../messages.ts';
import type { Plan } from './action.ts';
import { runCommand } from './commandStep.ts';
import { elevationFailed, exactCommand, sudoPromptRunner, type ElevationRunner } from './elevation.ts';
import { problemOf, verifyFile, writeStep, type StepEnv } from './fileStep.ts';
import { Journal, type JournalEntry } from './journal.ts';
import { withLock } from './lock.ts';
import { recheckBeforeWrite } from './pathGuard.ts';
import { revertEntry } from './revert.ts';

export interface ApplyOptions {
  dataDir: string;
  command: string;
  elevate?: ElevationRunner;
  self?: string[];
  platform?: NodeJS.Platform;
  /** Re-run the failing client after the changes; a failure rolls everything back. */
  verifyAfter?: () => Promise<{ ok: boolean; detail: string }>;
  onOutput?: (chunk: string) => void;
  beforeElevation?: (why: Message) => void;
  signal?: AbortSignal;
}

export interface ApplyResult {
  ok: boolean;
  entry: JournalEntry | null;
  problems: Message[];
}

export async function applyPlan(plan: Plan, options: ApplyOptions): Promise<ApplyResult> {
  if (plan.actions.length === 0) return { ok: true, entry: null, problems: [] };
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
  try {
    for (const [a, action] of plan.actions.entries()) {
      for (const [c, change] of action.changes.entries()) {
        if (options.signal?.aborted) throw new Error('cancelled');
        const jc = entry.actions[a]!.changes[c]!;
        if (change.type === 'file') {
          await withLock(options.dataDir, change.realPath, async () => {
            await recheckBeforeWrite(change.path, change.realPath, change.before);
            if (change.before) {
              jc.backup = await journal.backup(entry, a, c, await readFile(change.path));
            }
            jc.state = 'pending';
            touched = true;
            await journal.save(entry);
            const purpose = action.kind === 'append' ? 'append' : action.kind === 'os-store' ? 'os-store' : 'refresh';
            const { elevated } = await writeStep(env, change, change.content ?? null, change.before, purpose, `${a}-${c}`);
            jc.elevated = elevated;
            const bad = await verifyFile(change.path, change.after, change.verify);
            if (bad) throw Object.assign(new Error(bad.code), { problem: bad });
            jc.state = 'done';
            await journal.save(entry);
          });
        } else {
          jc.state = 'pending';
          touched = true;
          await journal.save(entry);
          if (change.elevated && process.getuid?.() !== 0) {
            if (env.platform === 'linux') throw Object.assign(new Error('elevation'), { problem: msg('repair:elevation.storeManual') });
            options.beforeElevation?.(msg('repair:elevation.osStore', { store: change.run.file }));
            const outcome = await env.elevate(exactCommand(change.run, env.platform));
            if (!outcome.ok) throw Object.assign(new Error('elevation'), { problem: elevationFailed(outcome.detail, outcome.refused) });
          } else await runCommand(change.run, {
            ...(options.onOutput && change.live ? { onOutput: options.onOutput } : {}),
            ...(change.env ? { env: change.env } : {}),
            ...(options.signal ? { signal: options.signal } : {}),
          });
          jc.state = 'done';
          await journal.save(entry);
        }
      }
    }
    if (options.verifyAfter) {
      const check = await options.verifyAfter();
      if (!check.ok) throw Object.assign(new Error('verify'), { problem: msg('repair:verify.clientStillFails', { detail: check.detail }) });
    }
    entry.state = 'applied';
    await journal.save(entry);
    return { ok: true, entry, problems: [] };
  } catch (error) {
    const problem = (error as { problem?: Message }).problem ?? problemOf(error);
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
