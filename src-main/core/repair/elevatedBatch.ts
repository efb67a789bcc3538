// Every step of one plan (or one undo) that needs the administrator, run through a single OS prompt:
// the new bytes and the records go into the journal entry's folder, the prompt runs
// `trustfix elevated-apply BATCH` once, and the result file the elevated process leaves says how far
// it got. A prompt refused or a batch that failed and took itself back means nothing of it is kept.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Hex } from '../certs/record.ts';
import { msg, Problem, type Message } from '../messages.ts';
import type { StepEnv } from './step.ts';
import {
  buildElevationCommand,
  elevationFailed,
  type BatchStep,
  type ElevatedBatch,
  type ElevatedBatchResult,
  type ElevatedRecord,
} from './elevation.ts';

/** A failed batch: the problem, and whether something of it may still be in place. */
export class BatchError extends Problem {
  readonly kept: boolean;
  constructor(problem: Message, kept: boolean) {
    super(problem);
    this.kept = kept;
  }
}

/** The sentence shown before the prompt: how many changes, and where. */
export function batchReason(where: string[]): Message {
  const places = [...new Set(where)];
  return msg('repair:elevation.batch', { count: places.length, where: places.join(', ') });
}

export async function runElevatedBatch(env: StepEnv, tag: string, steps: BatchStep[], why: Message): Promise<void> {
  if (steps.length === 0) return;
  const dir = env.journal.entryDir(env.entry.id);
  const records: ElevatedRecord[] = [];
  for (const [i, step] of steps.entries()) {
    if (step.content && step.record.op === 'write-file') {
      const contentFile = join(dir, `elevated-${tag}-${i}.bin`);
      await writeFile(contentFile, step.content, { mode: 0o644 });
      records.push({ ...step.record, contentFile, contentSha256: sha256Hex(step.content) });
    } else records.push(step.record);
  }
  const batchPath = join(dir, `elevated-${tag}.json`);
  const batch: ElevatedBatch = { steps: records, resultFile: join(dir, `elevated-${tag}.result.json`) };
  await writeFile(batchPath, `${JSON.stringify(batch, null, 2)}\n`, { mode: 0o644 });
  const command = buildElevationCommand(env.self, env.journal.dataDir, batchPath, env.os);
  env.beforeElevation?.(why);
  const outcome = await env.elevate(command);
  const result = await readFile(batch.resultFile, 'utf8').then(
    (t) => JSON.parse(t) as ElevatedBatchResult,
    () => undefined,
  );
  if (result?.ok) return;
  if (result) {
    // The elevated process ran and says what happened: its own problem reads better than the prompt's.
    throw new BatchError(
      result.problem ?? elevationFailed(outcome.ok ? '' : outcome.detail, false),
      !result.rolledBack,
    );
  }
  // No result: the prompt was refused or the verb never started, so nothing ran.
  if (!outcome.ok) throw new BatchError(elevationFailed(outcome.detail, outcome.refused), false);
  throw new BatchError(msg('repair:elevation.noResult', { path: batch.resultFile }), true);
}
