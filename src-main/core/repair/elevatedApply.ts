// What the elevated process does: read a batch of steps and check each one again, trusting nothing the
// unprivileged side wrote. A file step's target must be a CA bundle (what a scan finds) or a file in
// the OS store's anchor folder; it must still be where and what it was when planned; the new bytes
// must be the ones named, parse as certificates, and for an append every added certificate must be a
// CA. A store step runs only a command this process builds itself (elevatedStore.ts). Steps run in
// order; when one fails, the ones before it are taken back (files first, then store commands, as an
// undo does) so one OS prompt never leaves half a plan behind. How it went is written next to the batch.
// Each record runs as a step (step.ts): the same file and command code as apply and undo, rebuilt here
// from the record, with this side's own checks first.
import { X509Certificate } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { splitBundle } from '../certs/pem.ts';
import { sha256Hex } from '../certs/record.ts';
import { Problem, type Message } from '../messages.ts';
import type { CommandSpec, Platform } from '../platform/types.ts';
import { CommandStep } from './commandStep.ts';
import type { ElevatedBatch, ElevatedBatchResult, ElevatedFileRecord, ElevatedRecord } from './elevation.ts';
import { checkStoreRecord } from './elevatedStore.ts';
import { FileStep } from './fileStep.ts';
import { checkPathSyntax, readRegularOrRefuse, refuse } from './pathGuard.ts';
import { stepProblemOf, type Step, type StepIO } from './step.ts';

export interface ElevatedDeps {
  dataDir: string;
  platform: Platform;
  /** Runs a store command (no shell); tests pass their own. */
  run: (spec: CommandSpec) => Promise<unknown>;
}

function isBundle(bytes: Buffer): string[] {
  const split = splitBundle(bytes);
  if (split.format !== 'pem' || split.ders.length === 0) return [];
  return split.ders.map((d) => sha256Hex(d));
}

/** A step done here, and the step that takes it back; a store command's undo is tried even when
 * the command itself failed half-way (its failure then is no problem of the rollback). */
type Done = { undo: Step; kind: 'file' | 'store'; bestEffort: boolean };

/** The file step a record asks for, after what this side checks before touching the target: the
 * target is a CA bundle a scan found or in the OS store's anchor folder; the new bytes are the ones
 * named and parse as certificates. */
async function fileStepOf(record: ElevatedFileRecord, from: string, platform: Platform): Promise<FileStep> {
  checkPathSyntax(record.target);
  if (record.allowedAs === 'os-store' && !platform.storeAllowlist.anchorDirs.includes(dirname(record.plannedRealPath)))
    refuse('notAFinding', { path: record.target });
  if (record.op === 'remove-file' && record.allowedAs !== 'os-store') refuse('notAFinding', { path: record.target });
  let content: Buffer | null = null;
  if (record.op === 'write-file') {
    if (!record.contentFile || !record.contentSha256) refuse('badRecord', { path: from });
    checkPathSyntax(record.contentFile);
    content = await readRegularOrRefuse(record.contentFile);
    if (sha256Hex(content) !== record.contentSha256) refuse('badRecord', { path: from });
    if (isBundle(content).length === 0) refuse('notABundle', { path: record.contentFile });
  }
  return new FileStep({
    path: record.target,
    real: record.plannedRealPath,
    from: record.expectedSha256,
    content,
    to: content ? sha256Hex(content) : null,
    verify: { kind: 'text' },
    allowedAs: record.allowedAs,
    purpose: record.purpose,
    undoing: false,
    dataDir: null,
    mode: 0o644,
  });
}

/** After the step's check, against the file as it is: a finding must be a CA bundle now, and an
 * append (or a store anchor) may add only CA certificates. */
function guardContent(record: ElevatedFileRecord, step: FileStep): void {
  const current = step.replaced();
  if (record.allowedAs !== 'os-store' && (!current || isBundle(current).length === 0))
    refuse('notAFinding', { path: record.target });
  const content = step.spec.content;
  if (!content || (record.purpose !== 'append' && record.purpose !== 'os-store')) return;
  const old = new Set(current ? isBundle(current) : []);
  for (const der of splitBundle(content).ders) {
    if (old.has(sha256Hex(der))) continue;
    const x509 = new X509Certificate(der);
    if (!x509.ca)
      refuse('notCa', {
        name: x509.subject.replace(/\n/g, ', '),
        fingerprint: sha256Hex(der),
        from: record.contentFile ?? record.target,
      });
  }
}

/** One record through the step code: check, do, read back; what takes it back goes on `done`. */
async function runRecord(record: ElevatedRecord, batchPath: string, deps: ElevatedDeps, done: Done[]): Promise<void> {
  const io: StepIO = { run: (spec) => deps.run(spec) };
  if (record.op === 'store-command') {
    await checkStoreRecord(deps.platform, deps.dataDir, record);
    const step = new CommandStep({
      runs: [record.run],
      undo: record.undo,
      elevated: false,
      ...(record.certFile ? { certFile: record.certFile } : {}),
      last: true,
      undoing: false,
      where: record.run.file,
    });
    const entry: Done = { undo: step.inverse(), kind: 'store', bestEffort: true };
    done.push(entry);
    await step.do(io);
    entry.bestEffort = false;
    return;
  }
  const step = await fileStepOf(record, batchPath, deps.platform);
  await step.check();
  try {
    guardContent(record, step);
  } catch (error) {
    await step.release();
    throw error;
  }
  const replaced = step.replaced();
  await step.do();
  const undo: Step = step.inverse(replaced);
  const bad = await step.verify();
  if (bad) {
    await undo.check().then((r) => (r === 'ready' ? undo.do(io) : undefined));
    throw new Problem(bad);
  }
  done.push({ undo, kind: 'file', bestEffort: false });
}

/** Reads the batch, runs its steps, takes them back on a failure, and writes the result file. */
export async function elevatedApplyBatch(batchPath: string, deps: ElevatedDeps): Promise<ElevatedBatchResult> {
  checkPathSyntax(batchPath);
  const batch = JSON.parse((await readRegularOrRefuse(batchPath)).toString('utf8')) as ElevatedBatch;
  // The result goes next to the batch and nowhere else: this process runs as the administrator.
  checkPathSyntax(batch.resultFile);
  if (dirname(batch.resultFile) !== dirname(batchPath) || !basename(batch.resultFile).endsWith('.result.json'))
    refuse('badRecord', { path: batchPath });
  // Created new before any step runs ('wx': a link planted at that name is never followed, and a
  // batch that cannot report never starts).
  const out = await open(batch.resultFile, 'wx', 0o644);
  const done: Done[] = [];
  let result: ElevatedBatchResult = { ok: true, done: 0, rolledBack: false, rollbackProblems: [] };
  try {
    for (const record of batch.steps) {
      await runRecord(record, batchPath, deps, done);
      result.done++;
    }
  } catch (error) {
    const rollbackProblems: Message[] = [];
    // Files first, newest first, then the store commands' undo: a refresh must see the anchor gone.
    const ordered = [
      ...done.filter((d) => d.kind === 'file').reverse(),
      ...done.filter((d) => d.kind === 'store').reverse(),
    ];
    const io: StepIO = { run: (spec) => deps.run(spec) };
    for (const d of ordered) {
      try {
        if ((await d.undo.check()) === 'ready') await d.undo.do(io);
      } catch (e) {
        if (!d.bestEffort) rollbackProblems.push(stepProblemOf(e));
      }
    }
    result = {
      ok: false,
      done: result.done,
      rolledBack: rollbackProblems.length === 0,
      problem: stepProblemOf(error),
      rollbackProblems,
    };
  }
  await out.writeFile(`${JSON.stringify(result)}\n`);
  await out.close();
  return result;
}
