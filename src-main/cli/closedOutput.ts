// The reader of the output went away first: `trustfix history --json | head -1`, a pager quit early.
// Node ignores SIGPIPE, so the next write fails with EPIPE, emitted as an 'error' event on the stream;
// unhandled, Node prints its stack trace and exits 1. Here the rest of the output is dropped and the
// command goes on to its end: a repair that prints as it goes still finishes and verifies its steps
// (stopping it halfway would leave the work to `trustfix undo`). The exit code then says what a shell
// says of a process a closed pipe ended (EXIT_SIGPIPE), as `git log | head` does.
import { EXIT_SIGPIPE } from './exitCodes.ts';

/** The error codes of a write into a pipe whose reader is gone, or into the stream closed after it. */
const READER_GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

let readerGone = false;
/** Streams already watched (runCli may run more than once in one process, as in tests). */
const watched = new WeakSet<NodeJS.WriteStream>();

/** Drops the output once its reader has gone; other write errors stay as loud as before. */
export function watchClosedOutput(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    if (watched.has(stream)) continue;
    watched.add(stream);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (!READER_GONE.has(error.code ?? '')) throw error;
      readerGone = true;
      // A write that failed after the command returned still sets the exit code.
      process.exitCode = EXIT_SIGPIPE;
    });
  }
}

/** The exit code of a run whose reader went away (EXIT_SIGPIPE), else undefined. */
export function closedOutputExitCode(): number | undefined {
  return readerGone ? EXIT_SIGPIPE : undefined;
}
