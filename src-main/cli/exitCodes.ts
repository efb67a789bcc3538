// Every exit code the `trustfix` command sets, by name. README ("Exit codes") and docs/repair.md
// document them; test/unit/cli/exitCodes.test.ts holds the code to those documents. bin/trustfix.js is
// plain JavaScript that runs before this module can load: it names its one code locally.

/** All good: every bundle usable, every client works, the repair done (or only planned). */
export const EXIT_OK = 0;
/** Problems found: a stale or broken bundle, a client that fails, a repair refused, failed or rolled back. */
export const EXIT_PROBLEMS = 1;
/** Bad usage, or a failure of the tool itself (the message on stderr says what failed). */
export const EXIT_FAILURE = 2;
/** Ended by Ctrl-C: the code a shell gives a process SIGINT killed (128 + 2). */
export const EXIT_SIGINT = 130;
/** Ended by SIGTERM (128 + 15). */
export const EXIT_SIGTERM = 143;
/** The reader of the output went away first (`trustfix history | head -1`): the code a shell gives a
 * process SIGPIPE killed (128 + 13), as `git log | head` reports it. */
export const EXIT_SIGPIPE = 141;

/** EXIT_PROBLEMS when there are problems, else EXIT_OK. */
export function exitFor(problems: boolean): typeof EXIT_OK | typeof EXIT_PROBLEMS {
  return problems ? EXIT_PROBLEMS : EXIT_OK;
}
