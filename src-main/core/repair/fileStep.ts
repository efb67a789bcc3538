// One file change, done or taken back: lock, re-check, write (directly or through the OS prompt),
// verify by re-reading. Shared by apply, rollback and undo.
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { splitBundle } from '../certs/pem.ts';
import { sha256Hex } from '../certs/record.ts';
import { msg, type Message } from '../messages.ts';
import type { FileChange, FileIdentity, FileVerify } from './action.ts';
import { atomicWrite, removeFile } from './atomicWrite.ts';
import { buildElevationCommand, elevationFailed, type ElevatedRecord, type ElevationRunner } from './elevation.ts';
import type { Journal, JournalEntry } from './journal.ts';
import { identify, RefusedError, writableByMe } from './pathGuard.ts';

export interface StepEnv {
  journal: Journal;
  entry: JournalEntry;
  elevate: ElevationRunner;
  /** How to start TrustFix's CLI for an elevated step. */
  self: string[];
  platform: NodeJS.Platform;
  /** Called once, before the OS prompt, with the sentence saying why. */
  beforeElevation?: (why: Message) => void;
}

export class StepError extends Error {
  readonly problem: Message;
  constructor(problem: Message) {
    super(problem.code);
    this.problem = problem;
  }
}

/** After a write: the bytes are the intended ones and parse as intended. */
export async function verifyFile(path: string, expected: { sha256: string } | null, verify: FileVerify): Promise<Message | null> {
  const now = await identify(path).catch(() => null);
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
 * Writes `content` (or removes the file when null) where `before` describes the current state,
 * elevated when this user cannot write there. `keep` gives the mode and owner to keep.
 */
export async function writeStep(
  env: StepEnv,
  change: FileChange,
  content: Buffer | null,
  keep: FileIdentity | null,
  purpose: ElevatedRecord['purpose'],
  tag: string,
): Promise<{ elevated: boolean }> {
  if (await writableByMe(change.path)) {
    if (content === null) await removeFile(change.path, env.platform);
    else await atomicWrite(change.path, content, { ...(keep ? { mode: keep.mode, uid: keep.uid, gid: keep.gid } : {}), platform: env.platform });
    return { elevated: false };
  }
  if (change.allowedAs !== 'finding' && change.allowedAs !== 'os-store') {
    throw new StepError(msg('repair:elevation.notForThis', { path: change.path }));
  }
  const dir = env.journal.entryDir(env.entry.id);
  const current = await identify(change.path).catch(() => null);
  const record: ElevatedRecord = {
    op: content === null ? 'remove-file' : 'write-file',
    target: change.path,
    plannedRealPath: change.realPath,
    expectedSha256: current?.identity.sha256 ?? null,
    purpose,
    allowedAs: change.allowedAs,
  };
  if (content) {
    record.contentFile = join(dir, `elevated-${tag}.bin`);
    record.contentSha256 = sha256Hex(content);
    await writeFile(record.contentFile, content, { mode: 0o644 });
  }
  const recordPath = join(dir, `elevated-${tag}.json`);
  await writeFile(recordPath, JSON.stringify(record, null, 2), { mode: 0o644 });
  const command = buildElevationCommand(env.self, env.journal.dataDir, recordPath, env.platform);
  env.beforeElevation?.(msg('repair:elevation.notWritable', { path: change.path }));
  const outcome = await env.elevate(command);
  if (!outcome.ok) throw new StepError(elevationFailed(outcome.detail, outcome.refused));
  return { elevated: true };
}

export function problemOf(error: unknown): Message {
  if (error instanceof StepError || error instanceof RefusedError) return error.problem;
  return msg('repair:failed.io', { reason: error instanceof Error ? error.message : String(error) });
}
