// A synchronous task run off the main thread with a time budget. Some OS calls block and cannot be
// cancelled from inside the process: on macOS, Node's tls.getCACertificates('system') evaluates the
// keychains' trust settings in native code, which takes 10 s and more on managed Macs and would freeze
// the event loop (no progress, no Ctrl-C, no app window) for that long. Here it runs elsewhere, and is
// stopped when the budget runs out or the signal aborts.
//
// Two places to run it. A child process (`node -e`) is the one that can be killed outright: used
// wherever TrustFix runs on Node. Electron's binary has RunAsNode fused off (electron-builder.yml), so
// it cannot start itself as Node: there a worker thread runs the task. A terminated worker stops its
// JavaScript at once, but a native call it is inside finishes first (the thread is only joined at exit),
// so the answer is given up on time either way; only the worker's thread lingers.
import { Worker } from 'node:worker_threads';
import { cancelledBy } from '../cancel.ts';

export type TaskRunner = 'child' | 'worker';

export type BoundedResult =
  | { kind: 'done'; output: string }
  | { kind: 'out-of-time' }
  /** The task threw or its process failed: `reason` is its last line of error output. */
  | { kind: 'failed'; reason: string };

/** A child process where the runtime can start itself as Node; a worker thread inside Electron. */
export function defaultRunner(versions: NodeJS.ProcessVersions = process.versions): TaskRunner {
  return versions.electron ? 'worker' : 'child';
}

/**
 * Runs `body`, the source of a synchronous function body that returns a string (CommonJS: `require`
 * is there), for at most `budgetMs`. An aborted `signal` stops it and rejects with the signal's reason.
 */
export async function runBounded(
  body: string,
  budgetMs: number,
  signal?: AbortSignal,
  runner: TaskRunner = defaultRunner(),
): Promise<BoundedResult> {
  signal?.throwIfAborted();
  return runner === 'child' ? runInChild(body, budgetMs, signal) : runInWorker(body, budgetMs, signal);
}

const lastLine = (text: string): string => text.trim().split('\n').pop()?.trim() ?? '';

async function runInChild(body: string, budgetMs: number, signal?: AbortSignal): Promise<BoundedResult> {
  const { execa } = await import('execa');
  // The task's own message on stderr (Node's report of an uncaught error ends with its version line).
  const script = `try { process.stdout.write(String((function () {\n${body}\n})())); } catch (e) { process.stderr.write(String(e instanceof Error ? e.message : e)); process.exitCode = 1; }`;
  const r = await execa(process.execPath, ['-e', script], {
    timeout: budgetMs,
    reject: false,
    stripFinalNewline: false,
    ...cancelledBy(signal),
  });
  if (r.isCanceled) signal?.throwIfAborted();
  if (r.timedOut) return { kind: 'out-of-time' };
  if (r.exitCode !== 0) return { kind: 'failed', reason: lastLine(r.stderr) || `exit code ${r.exitCode ?? r.signal}` };
  return { kind: 'done', output: r.stdout };
}

function runInWorker(body: string, budgetMs: number, signal?: AbortSignal): Promise<BoundedResult> {
  const script = `require('node:worker_threads').parentPort.postMessage(String((function () {\n${body}\n})()));`;
  return new Promise<BoundedResult>((resolve, reject) => {
    const worker = new Worker(script, { eval: true });
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // Not awaited: a worker inside a native call ends only when that call returns.
      void worker.terminate();
      worker.unref();
      outcome();
    };
    const onAbort = (): void => finish(() => reject(signal?.reason));
    const timer = setTimeout(() => finish(() => resolve({ kind: 'out-of-time' })), budgetMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (output: string) => finish(() => resolve({ kind: 'done', output })));
    worker.once('error', (error) => finish(() => resolve({ kind: 'failed', reason: lastLine(error.message) })));
    worker.once('exit', (code) => finish(() => resolve({ kind: 'failed', reason: `exit code ${code}` })));
  });
}
