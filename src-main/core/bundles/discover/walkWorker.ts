// One helper thread of the walk: reads folders from its own stack, gives the shallow half of that
// stack away whenever another thread is idle (so every core stays busy on lopsided trees), stops at
// the next folder once the shared abort flag is set.
import { parentPort, workerData } from 'node:worker_threads';
import { DirWalker } from './walkCore.ts';
import { FLAG_ABORT, FLAG_HUNGRY, type FromWorker, type ToWorker, type WorkerSetup } from './walkProtocol.ts';

const setup = workerData as WorkerSetup;
const flags = new Int32Array(setup.flags);
const port = parentPort!;
const walker = new DirWalker(setup);

function send(kind: FromWorker['kind'], shared: string[] = []): void {
  const message: FromWorker = { kind, counts: walker.take(), shared };
  port.postMessage(message);
}

port.on('message', (message: ToWorker) => {
  for (const d of message.dirs) walker.stack.push(d);
  let last = Date.now();
  while (Atomics.load(flags, FLAG_ABORT) === 0 && walker.step()) {
    const now = Date.now();
    // Found files go out at once (they are few, and the coordinator may judge them while the walk
    // goes on); the rest of the counts at the progress pace.
    if (now - last >= setup.reportEveryMs || walker.counts.found.length > 0) {
      last = now;
      send('progress');
    }
    if (
      walker.stack.length > 1 &&
      Atomics.load(flags, FLAG_HUNGRY) === 1 &&
      Atomics.compareExchange(flags, FLAG_HUNGRY, 1, 0) === 1
    )
      send('share', walker.stack.splice(0, walker.stack.length >> 1));
  }
  walker.stack.length = 0;
  send('idle');
});
send('idle');
