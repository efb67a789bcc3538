// Ctrl-C (SIGINT) or SIGTERM during long work. The first one cancels: the work stops at its next
// check, the command prints what it has, and the process exits 130 (SIGINT) or 143 (SIGTERM), the
// codes a shell gives a process that signal killed. A second one ends the process at once. A
// backstop ends it BACKSTOP_MS after the first whatever the work is doing (a read the OS does not let
// go of, a child process that ignores SIGTERM), so every command ends within a second.
// Ending "at once" is dying by the signal itself, not process.exit(): exit() waits for every thread
// of Node's pool, and one stuck in a blocking call (a FIFO, a hung network mount) never comes back.
// The exit handlers run first (locks released, the cursor shown, child processes killed).
// A repair is never torn by this: each write is a rename of a complete file, and the journal is
// written in an order `trustfix undo` finishes from any point (docs/interruptions.md).
import { EXIT_SIGINT, EXIT_SIGTERM } from './exitCodes.ts';
import { t } from './i18n.ts';

type Stop = 'SIGINT' | 'SIGTERM';

/** The exit code a shell reports for a process that signal ended (128 + its number). */
export const EXIT_CODE: Record<Stop, number> = { SIGINT: EXIT_SIGINT, SIGTERM: EXIT_SIGTERM };

/** How long the work has, after the first signal, to print what it has. */
export const BACKSTOP_MS = 650;

export interface Interrupt {
  /** Aborted at the first signal. */
  signal: AbortSignal;
  /** Call once the command has printed its output: a signal received becomes the exit code. */
  dispose: () => void;
}

/** The first signal any command received in this process, if one did. */
let stopped: Stop | undefined;

/** The exit code of a run a signal stopped (130, 143), else undefined. */
export function stoppedExitCode(): number | undefined {
  return stopped && EXIT_CODE[stopped];
}

/** Ends the process now, as the signal's default action would, after the exit handlers ran. */
function dieBy(which: Stop): never {
  process.exitCode = EXIT_CODE[which];
  process.emit('exit', EXIT_CODE[which]);
  process.removeAllListeners(which); // the default action again: the kernel ends the process
  process.kill(process.pid, which);
  // Not reached where signals exist; elsewhere (Windows) exit() is all there is.
  process.exit(EXIT_CODE[which]);
}

/** A line of its own on stderr: on a terminal the progress line may be on the last one. */
function say(line: string): void {
  process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[K' : ''}${line}\n`);
}

export function abortOnSignals(): Interrupt {
  const controller = new AbortController();
  let received: Stop | undefined;
  let printed = false;
  const onSignal = (which: Stop): void => {
    if (received) dieBy(which);
    received = which;
    stopped ??= which;
    say(t('cli.stopping'));
    controller.abort();
    // Unref'd: a command that finishes in time exits on its own, without waiting for this.
    setTimeout(() => {
      if (!printed) say(t('cli.stoppedAtOnce'));
      dieBy(which);
    }, BACKSTOP_MS).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      printed = true;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (received) process.exitCode = EXIT_CODE[received];
    },
  };
}
