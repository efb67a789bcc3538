// How a cancelled child process ends. execa's cancelSignal sends SIGTERM; a child that ignores it, or
// is stuck, gets SIGKILL KILL_AFTER_MS later (execa's default is 5 s). Short on purpose: the CLI ends
// within a second of Ctrl-C or SIGTERM (cli/interrupt.ts), and a child must not outlive it.
export const KILL_AFTER_MS = 250;

/** execa options for a child process that `signal` cancels (also used for its timeout). */
export function cancelledBy(signal: AbortSignal | undefined): {
  cancelSignal?: AbortSignal;
  forceKillAfterDelay: number;
} {
  return signal ? { cancelSignal: signal, forceKillAfterDelay: KILL_AFTER_MS } : { forceKillAfterDelay: KILL_AFTER_MS };
}
