// Run by test/integration/core/repair/elevation.once.test.ts as the unprivileged user `nobody`: the app's own API
// (scan, one-click root update, apply, undo) with an ElevationRunner standing in for the OS prompt. Each "prompt" is one line on stdout, `ELEVATE <argv as JSON>`; the test (root)
// runs exactly that command as the administrator would and answers `OK` or `REFUSED` on stdin.
// Results come back as `RESULT <label> <JSON>` lines.
import { createInterface } from 'node:readline';
import { dispatch } from '../../src-main/api/dispatch.ts';
import { createSession } from '../../src-main/api/session.ts';
import type { ApplyResult, Plan } from '../../src-main/api/types.ts';
import type { ElevationRunner } from '../../src-main/core/repair/elevation.ts';

interface Job {
  dataDir: string;
  cli: string;
  roots: string[];
  reference: string;
  systemStore: string;
}

const job = JSON.parse(process.argv[2]!) as Job;
const answers = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const self = [process.execPath, job.cli];
const say = (label: string, value: unknown): void =>
  void process.stdout.write(`RESULT ${label} ${JSON.stringify(value)}\n`);

const relay: ElevationRunner = async (command) => {
  process.stdout.write(`ELEVATE ${JSON.stringify(command.argv)}\n`);
  const answer = (await answers.next()).value as string | undefined;
  return answer === 'OK'
    ? { ok: true, stdout: '' }
    : { ok: false, refused: true, detail: 'User did not grant permission.' };
};

async function call<T>(
  session: Awaited<ReturnType<typeof createSession>>,
  channel: string,
  request: unknown,
): Promise<T> {
  const r = await dispatch(session, channel, request);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

const session = await createSession({
  dataDir: job.dataDir,
  roots: job.roots,
  pythons: [],
  onlyPython: true,
  referenceFile: job.reference,
  systemStoreFile: job.systemStore,
  shell: 'browser',
  elevate: relay,
  self,
});
const done = new Promise((resolve) => session.onEvent((e) => e === 'scan.done' && resolve(undefined)));
await call(session, 'scan.start', {});
await done;
for (const round of ['first', 'second']) {
  const plan = await call<Plan>(session, 'plan.rootUpdate', {});
  say(
    `${round}-plan`,
    plan.steps.map((s) => ({ where: s.where, kind: s.kind, needsAdmin: s.needsAdmin })),
  );
  const applied = await call<ApplyResult>(session, 'plan.apply', { planId: plan.planId });
  say(`${round}-apply`, applied);
  if (applied.historyId) {
    say(`${round}-history`, (await call<unknown[]>(session, 'history.list', {}))[0]);
    say(`${round}-undo`, await call(session, 'history.undo', { id: applied.historyId }));
  }
}
process.exit(0);
