// One file change, done or taken back: lock, re-check, write as this user (or hand it to the elevated
// batch), verify by re-reading. Shared by apply, rollback and undo.
import { splitBundle } from '../certs/pem.ts';
import { sha256Hex } from '../certs/record.ts';
import { msg, type Message } from '../messages.ts';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Change, FileChange, FileVerify } from './action.ts';
import type { BatchStep } from './elevatedBatch.ts';
import type { ElevatedFileRecord, ElevationRunner } from './elevation.ts';
import type { Journal, JournalEntry } from './journal.ts';
import { isInside, realPathOf, RefusedError, refuse, writableByMe } from './pathGuard.ts';
import { readBack } from './target.ts';

export interface StepEnv {
  journal: Journal;
  entry: JournalEntry;
  elevate: ElevationRunner;
  /** How to start TrustFix's CLI for an elevated step. */
  self: string[];
  platform: NodeJS.Platform;
  /** Called once per batch, before the OS prompt, with the sentence saying why. */
  beforeElevation?: (why: Message) => void;
}

export class StepError extends Error {
  readonly problem: Message;
  constructor(problem: Message) {
    super(problem.code);
    this.problem = problem;
  }
}

/** After a write: the bytes at the name written (read without following a link) are the intended
 * ones and parse as intended. */
export async function verifyFile(change: FileChange, expected: { sha256: string } | null, verify: FileVerify, platform?: NodeJS.Platform): Promise<Message | null> {
  const path = change.path;
  const now = await readBack(change.realPath, platform).catch(() => null);
  if (expected === null) return now ? msg('repair:verify.stillThere', { path }) : null;
  if (!now) return msg('repair:verify.missing', { path });
  if (now.identity.sha256 !== expected.sha256) return msg('repair:verify.bytesDiffer', { path });
  if (verify.kind === 'bundle') {
    const got = new Set(splitBundle(now.bytes).ders.map((d) => sha256Hex(d)));
    const missing = verify.fingerprints.filter((fp) => !got.has(fp));
    if (missing.length > 0 || got.size !== verify.fingerprints.length) return msg('repair:verify.certificatesDiffer', { path, missing: missing.length });
  }
  return null;
}

/**
 * A file TrustFix makes in its data folder (the OS store's copy of a root in `store/`, the merged
 * bundle) may be the first in its folder: the missing folders are made, only inside the data folder.
 */
export async function makeDataDirFolders(change: FileChange, dataDir: string): Promise<void> {
  if (change.allowedAs !== 'data-dir' || change.before !== null) return;
  const folder = dirname(change.realPath);
  if (!isInside(await realPathOf(dataDir), folder)) refuse('outsideDataDir', { path: change.path });
  await mkdir(folder, { recursive: true });
}

/** Why the elevated process may write this file (a scan finding, the OS store's anchor folder), or
 * a refusal: TrustFix asks for administrator rights for nothing else. */
function elevatableAs(change: FileChange): ElevatedFileRecord['allowedAs'] {
  if (change.allowedAs === 'finding' || change.allowedAs === 'os-store') return change.allowedAs;
  throw new StepError(msg('repair:elevation.notForThis', { path: change.path }));
}

/** Whether this change has to go through the OS prompt; refuses one TrustFix may not elevate for. */
export async function needsElevation(change: Change): Promise<boolean> {
  if (change.type === 'command') return change.elevated === true && process.getuid?.() !== 0;
  if (await writableByMe(change.path)) return false;
  elevatableAs(change);
  return true;
}

/** The elevated process's record for one file change; `expectedSha256` is the file as it is now. */
export function fileRecord(change: FileChange, content: Buffer | null, expectedSha256: string | null, purpose: ElevatedFileRecord['purpose']): BatchStep {
  return {
    record: { op: content === null ? 'remove-file' : 'write-file', target: change.path, plannedRealPath: change.realPath, expectedSha256, purpose, allowedAs: elevatableAs(change) },
    ...(content ? { content } : {}),
  };
}

export function problemOf(error: unknown): Message {
  if (error instanceof StepError || error instanceof RefusedError) return error.problem;
  const carried = (error as { problem?: Message } | null)?.problem;
  if (carried) return carried;
  return msg('repair:failed.io', { reason: error instanceof Error ? error.message : String(error) });
}
