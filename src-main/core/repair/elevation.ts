// Elevation (safety rule 5): only for an action whose target this user cannot write, through the OS's
// own prompt (@vscode/sudo-prompt: UAC, the macOS admin dialog, pkexec), running TrustFix's own CLI
// with one narrow verb, `elevated-apply RECORD`, on a record the elevated process checks again
// (elevatedApply.ts). sudo-prompt takes one command string, so every argument is quoted here, and an
// argument a shell could still misread ($, `, quotes, %) is refused rather than escaped.
import { msg } from '../messages.ts';
import { refuse } from './pathGuard.ts';

export const ELEVATED_VERB = 'elevated-apply';

export interface ElevatedRecord {
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

export interface ElevationCommand {
  /** The program and arguments as they will run, for tests and for the plan. */
  argv: string[];
  /** The single string sudo-prompt receives. */
  commandLine: string;
}

const UNSAFE_POSIX = /["'`$\\!\n\r]/;
const UNSAFE_WIN = /["%\n\r^&|<>]/;

export function quoteArg(arg: string, platform: NodeJS.Platform): string {
  if (platform === 'win32') {
    if (UNSAFE_WIN.test(arg)) refuse('unsafeForElevation', { arg });
    return `"${arg}"`;
  }
  if (UNSAFE_POSIX.test(arg)) refuse('unsafeForElevation', { arg });
  return `'${arg}'`;
}

/** self: how to start TrustFix's CLI, e.g. [process.execPath, '/app/src-main/cli/main.ts']. */
export function buildElevationCommand(self: string[], dataDir: string, recordPath: string, platform: NodeJS.Platform = process.platform): ElevationCommand {
  const argv = [...self, '--data-dir', dataDir, ELEVATED_VERB, recordPath];
  return { argv, commandLine: argv.map((a) => quoteArg(a, platform)).join(' ') };
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

/** An OS store tool (certutil, security) run through the prompt: its fixed argument array, quoted. */
export function exactCommand(spec: { file: string; args: string[] }, platform: NodeJS.Platform = process.platform): ElevationCommand {
  const argv = [spec.file, ...spec.args];
  return { argv, commandLine: argv.map((a) => quoteArg(a, platform)).join(' ') };
}
