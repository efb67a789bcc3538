// Issue 14, macOS bounded: a synchronous OS call (Node's keychain read on a managed Mac) runs off the
// main thread and is given up when its budget runs out or the user cancels. The runner is generic, so
// it is tested here on Linux with tasks made to be slow: a busy loop that never returns.
import { describe, expect, it } from 'vitest';
import { defaultRunner, runBounded, type TaskRunner } from '../../../../src-main/core/platform/boundedTask.ts';

const NEVER_ENDS = 'for (;;) {}';
/** Generous: the budgets below are under a second; a loaded CI machine gets ten times that and more. */
const GENEROUS_MS = 15_000;

describe.each<TaskRunner>(['child', 'worker'])('runBounded in a %s', (runner) => {
  it("gives the task's answer when it ends in time", async () => {
    const r = await runBounded(
      "return JSON.stringify([require('node:os').EOL.length, 'x'])",
      GENEROUS_MS,
      undefined,
      runner,
    );
    expect(r).toEqual({ kind: 'done', output: JSON.stringify([1, 'x']) });
  });

  it('gives up a task that never ends when the budget runs out, and the main thread stays free meanwhile', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const started = Date.now();
    const r = await runBounded(NEVER_ENDS, 600, undefined, runner);
    clearInterval(timer);
    expect(r).toEqual({ kind: 'out-of-time' });
    expect(Date.now() - started).toBeLessThan(GENEROUS_MS);
    // The event loop ran while the task spun: it was not the main thread spinning.
    expect(ticks).toBeGreaterThan(0);
  });

  it('reports a task that throws as failed, with its message', async () => {
    const r = await runBounded(
      "throw new Error('getCACertificates is not a function')",
      GENEROUS_MS,
      undefined,
      runner,
    );
    expect(r.kind).toBe('failed');
    expect(r.kind === 'failed' ? r.reason : '').toContain('getCACertificates is not a function');
  });

  it("stops at a cancel with the signal's reason, well before the budget", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    await expect(runBounded(NEVER_ENDS, 120_000, controller.signal, runner)).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(Date.now() - started).toBeLessThan(GENEROUS_MS);
  });

  it('does not start when already cancelled', async () => {
    await expect(runBounded(NEVER_ENDS, 120_000, AbortSignal.abort(), runner)).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});

describe('defaultRunner', () => {
  it('starts a child Node where it can, a worker inside Electron (RunAsNode is fused off there)', () => {
    expect(defaultRunner(process.versions)).toBe('child');
    expect(defaultRunner({ ...process.versions, electron: '39.0.0' })).toBe('worker');
  });
});
