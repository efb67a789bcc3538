// Elevation (safety rule 5, docs/safety-rules.md): only for a change whose target this user cannot write (or an OS store
// command), through the OS's own prompt (@vscode/sudo-prompt: UAC, the macOS admin dialog, pkexec),
// running TrustFix's own CLI with one narrow verb, `elevated-apply BATCH`. A batch holds every step of
// one plan (or one undo) that needs the administrator, so the OS asks once; the elevated process
// checks each step again (elevatedApply.ts) and takes its own steps back when one fails.
// sudo-prompt takes one command string, so every argument is quoted here, and an argument a shell
// could still misread ($, `, quotes, %) is refused rather than escaped.
import type { Message } from '../messages.ts';
import { msg } from '../messages.ts';
import { platformFor } from '../platform/index.ts';
import type { CommandSpec } from '../platform/types.ts';
import { refuse } from './pathGuard.ts';

export const ELEVATED_VERB = 'elevated-apply';

/** Write or remove one file: a CA bundle a scan found, or an anchor file in the OS store's folder. */
export interface ElevatedFileRecord {
  op: 'write-file' | 'remove-file';
  target: string;
  plannedRealPath: string;
  /** Hash the target must have right now (null: must not exist). */
  expectedSha256: string | null;
  /** For write-file: the new bytes, in the journal folder, and their hash. */
  contentFile?: string;
  contentSha256?: string;
  /** append: every added certificate must be a CA; restore: the content must be a CA bundle. */
  purpose: 'append' | 'refresh' | 'restore' | 'os-store';
  allowedAs: 'finding' | 'os-store';
}

/** One OS store command (certutil, security, update-ca-certificates). The elevated process runs it
 * only when it is one it builds itself for this platform, from the certificate in `certFile`. */
export interface ElevatedStoreRecord {
  op: 'store-command';
  run: CommandSpec;
  /** What takes it back when a later step of the same batch fails (checked the same way). */
  undo: CommandSpec[];
  /** The root being added or taken back, a PEM in TrustFix's data folder (Windows, macOS). */
  certFile?: string;
}

export type ElevatedRecord = ElevatedFileRecord | ElevatedStoreRecord;

/** What a step hands to the batch. It lives here, below both step.ts and elevatedBatch.ts (which
 * throws step.ts's errors), so that neither of the two imports the other back. */
export interface BatchStep {
  record: ElevatedRecord;
  /** For a file write: the bytes, written next to the batch for the elevated process to read. */
  content?: Buffer;
}

/** What the elevated verb reads: the steps in order, and where it writes how they went. */
export interface ElevatedBatch {
  steps: ElevatedRecord[];
  /** Next to the batch file; created new (never through a link) by the elevated process. */
  resultFile: string;
}

export interface ElevatedBatchResult {
  ok: boolean;
  /** Steps completed before a failure (all of them when ok). */
  done: number;
  /** After a failure: every completed step was taken back, so nothing of the batch is kept. */
  rolledBack: boolean;
  problem?: Message;
  /** Steps that could not be taken back. */
  rollbackProblems: Message[];
}

export interface ElevationCommand {
  /** The program and arguments as they will run, for tests and for the plan. */
  argv: string[];
  /** The single string sudo-prompt receives. */
  commandLine: string;
}

/** An argument quoted for the OS prompt's command line (os: which OS's prompt); refused where unsafe. */
export function quoteArg(arg: string, os: NodeJS.Platform): string {
  return platformFor(os).elevation.quote(arg) ?? refuse('unsafeForElevation', { arg });
}

/** self: how to start TrustFix's CLI, e.g. [process.execPath, '/app/src-main/cli/main.ts']. */
export function buildElevationCommand(
  self: string[],
  dataDir: string,
  batchPath: string,
  os: NodeJS.Platform = platformFor().id,
): ElevationCommand {
  const argv = [...self, '--data-dir', dataDir, ELEVATED_VERB, batchPath];
  return { argv, commandLine: argv.map((a) => quoteArg(a, os)).join(' ') };
}

export type ElevationOutcome = { ok: true; stdout: string } | { ok: false; refused: boolean; detail: string };

/** Runs a command elevated. The default shows the OS prompt; tests pass their own. */
export type ElevationRunner = (command: ElevationCommand) => Promise<ElevationOutcome>;

export const sudoPromptRunner: ElevationRunner = async (command) => {
  const { exec } = await import('@vscode/sudo-prompt');
  return new Promise((resolve) => {
    exec(command.commandLine, { name: 'TrustFix' }, (error, stdout, stderr) => {
      if (error) {
        const refused = /did not grant permission|User did not grant|Unable to find pkexec|cancel/i.test(error.message);
        resolve({ ok: false, refused, detail: `${error.message}${stderr ? `\n${String(stderr)}` : ''}` });
      } else {
        resolve({ ok: true, stdout: String(stdout ?? '') });
      }
    });
  });
};

export function elevationFailed(detail: string, refused: boolean) {
  return refused ? msg('repair:elevation.refused', { detail }) : msg('repair:elevation.failed', { detail });
}
