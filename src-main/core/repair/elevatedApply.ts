// What the elevated process does: read a batch of steps and check each one again, trusting nothing the
// unprivileged side wrote. A file step's target must be a CA bundle (what a scan finds) or a file in
// the OS store's anchor folder; it must still be where and what it was when planned; the new bytes
// must be the ones named, parse as certificates, and for an append every added certificate must be a
// CA. A store step runs only a command this process builds itself (elevatedStore.ts). Steps run in
// order; when one fails, the ones before it are taken back (files first, then store commands, as an
// undo does) so one OS prompt never leaves half a plan behind. How it went is written next to the batch.
import { X509Certificate } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { splitBundle } from '../certs/pem.ts';
import { sha256Hex } from '../certs/record.ts';
import { msg, type Message } from '../messages.ts';
import { LINUX_ANCHOR_DIRS } from '../platform/linuxStore.ts';
import type { CommandSpec, Platform } from '../platform/types.ts';
import type { ElevatedBatch, ElevatedBatchResult, ElevatedFileRecord, ElevatedStoreRecord } from './elevation.ts';
import { checkStoreRecord } from './elevatedStore.ts';
import { problemOf } from './fileStep.ts';
import { checkPathSyntax, RefusedError, refuse } from './pathGuard.ts';
import { checkTarget, readBack, releaseChecked, writeChecked } from './target.ts';

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

type Undo = { kind: 'file' | 'store'; run: () => Promise<unknown>; bestEffort?: boolean };

/** Checks and writes one file; returns how to put the old bytes back. The same target code as an
 * unprivileged write (target.ts): checked where it was planned, opened without following a link,
 * replaced by a rename onto that name, confirmed afterwards. */
export async function applyFileRecord(record: ElevatedFileRecord, from: string): Promise<Undo> {
  const target = await checkTarget(record.target, record.plannedRealPath, record.expectedSha256);
  const current = target.old ? { bytes: target.old.bytes, identity: target.old.identity } : null;
  try {
    if (record.allowedAs === 'os-store') {
      if (!LINUX_ANCHOR_DIRS.includes(dirname(record.plannedRealPath))) refuse('notAFinding', { path: record.target });
    } else if (!current || isBundle(current.bytes).length === 0) {
      refuse('notAFinding', { path: record.target });
    }
    if (record.op === 'remove-file' && record.allowedAs !== 'os-store') refuse('notAFinding', { path: record.target });
  } catch (error) {
    await releaseChecked(target);
    throw error;
  }
  const written = record.op === 'remove-file' ? null : record.contentSha256 ?? null;
  // Back to the old bytes (or no file), only from exactly what this step left there.
  const putBack: Undo = {
    kind: 'file',
    run: async () => writeChecked(await checkTarget(record.target, record.plannedRealPath, written), current?.bytes ?? null, { mode: 0o644 }),
  };
  if (record.op === 'remove-file') {
    await writeChecked(target, null);
    return putBack;
  }
  let content: Buffer;
  try {
    if (!record.contentFile || !record.contentSha256) refuse('badRecord', { path: from });
    checkPathSyntax(record.contentFile);
    content = await readFile(record.contentFile);
    if (sha256Hex(content) !== record.contentSha256) refuse('badRecord', { path: from });
    if (isBundle(content).length === 0) refuse('notABundle', { path: record.contentFile });
    if (record.purpose === 'append' || record.purpose === 'os-store') {
      const old = new Set(current ? isBundle(current.bytes) : []);
      for (const der of splitBundle(content).ders) {
        if (old.has(sha256Hex(der))) continue;
        const x509 = new X509Certificate(der);
        if (!x509.ca) refuse('notCa', { name: x509.subject.replace(/\n/g, ', '), fingerprint: sha256Hex(der), from: record.contentFile });
      }
    }
  } catch (error) {
    await releaseChecked(target);
    throw error;
  }
  await writeChecked(target, content, { mode: 0o644 });
  const check = await readBack(record.plannedRealPath);
  if (check?.identity.sha256 !== record.contentSha256) {
    await putBack.run();
    throw new RefusedError(msg('repair:verify.bytesDiffer', { path: record.target }));
  }
  return putBack;
}

/** Checks and runs one store command. Its undo is registered before it runs: a refresh that fails
 * half-way is rebuilt by the undo's refresh; a failing undo of a step that never took is ignored. */
async function applyStoreRecord(record: ElevatedStoreRecord, deps: ElevatedDeps, undos: Undo[]): Promise<void> {
  await checkStoreRecord(deps.platform, deps.dataDir, record);
  const undo: Undo = {
    kind: 'store',
    bestEffort: true,
    run: async () => {
      for (const spec of record.undo) await deps.run(spec);
    },
  };
  undos.push(undo);
  await deps.run(record.run);
  undo.bestEffort = false;
}

/** Reads the batch, runs its steps, takes them back on a failure, and writes the result file. */
export async function elevatedApplyBatch(batchPath: string, deps: ElevatedDeps): Promise<ElevatedBatchResult> {
  checkPathSyntax(batchPath);
  const batch = JSON.parse(await readFile(batchPath, 'utf8')) as ElevatedBatch;
  // The result goes next to the batch and nowhere else: this process runs as the administrator.
  checkPathSyntax(batch.resultFile);
  if (dirname(batch.resultFile) !== dirname(batchPath) || !basename(batch.resultFile).endsWith('.result.json')) refuse('badRecord', { path: batchPath });
  // Created new before any step runs ('wx': a link planted at that name is never followed, and a
  // batch that cannot report never starts).
  const out = await open(batch.resultFile, 'wx', 0o644);
  const undos: Undo[] = [];
  let result: ElevatedBatchResult = { ok: true, done: 0, rolledBack: false, rollbackProblems: [] };
  try {
    for (const step of batch.steps) {
      if (step.op === 'store-command') await applyStoreRecord(step, deps, undos);
      else undos.push(await applyFileRecord(step, batchPath));
      result.done++;
    }
  } catch (error) {
    const rollbackProblems: Message[] = [];
    // Files first, newest first, then the store commands' undo: a refresh must see the anchor gone.
    const ordered = [...undos.filter((u) => u.kind === 'file').reverse(), ...undos.filter((u) => u.kind === 'store').reverse()];
    for (const undo of ordered) await undo.run().catch((e: unknown) => undo.bestEffort || rollbackProblems.push(problemOf(e)));
    result = { ok: false, done: result.done, rolledBack: rollbackProblems.length === 0, problem: problemOf(error), rollbackProblems };
  }
  await out.writeFile(`${JSON.stringify(result)}\n`);
  await out.close();
  return result;
}
