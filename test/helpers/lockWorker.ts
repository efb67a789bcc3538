// A short-lived TrustFix-like process for test/integration/core/repair/lock.test.ts, taking the lock on one
// target through src-main/core/repair/lock.ts. Modes:
//   wave START_AT    wait until that instant (so several start together), hold the lock for 30 ms,
//                    noting "in PID" / "out PID" in the log around it
//   hold             take the lock, print "held", then wait to be killed
//   hold-for MS      take the lock, note "in"/"out" around MS milliseconds
//   take             take the lock, note "in", exit
// A fifth argument, after ARG (empty when the mode takes none), names the target (default: one fixed path).
import { appendFile } from 'node:fs/promises';
import { withLock } from '../../src-main/core/repair/lock.ts';

const [dataDir, log, mode, arg, target] = process.argv.slice(2) as [
  string,
  string,
  string,
  string | undefined,
  string | undefined,
];
const note = (what: string): Promise<void> => appendFile(log, `${what} ${process.pid} ${Date.now()}\n`);
if (mode === 'wave') {
  while (Date.now() < Number(arg)) {
    // busy-wait: a timer would add its own jitter
  }
}
await withLock(dataDir, target ?? '/the/one/target', async () => {
  await note('in');
  if (mode === 'hold') {
    process.stdout.write('held\n');
    setInterval(() => undefined, 1_000); // keeps the process alive until it is killed
    await new Promise(() => undefined);
  }
  await new Promise((r) => setTimeout(r, mode === 'hold-for' ? Number(arg) : mode === 'wave' ? 30 : 0));
  await note('out');
});
