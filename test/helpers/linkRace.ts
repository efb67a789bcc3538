// Run by test/integration/core/repair/safeFile.link-race.test.ts as root inside `unshare -m --propagation private`:
// a private tmpfs holds a venv-like bundle, a "protected" copy of /etc/shadow and TrustFix's data
// folder. Each try runs the real CLI (append or refresh) with the test-only pause before the rename
// (src-main/core/repair/testHooks.ts); at the first pause this racer swaps the bundle's path for a
// symlink to the protected file, then lets the CLI go on. Two ways of swapping, alternately:
//   replace     the link is renamed over the bundle (the bundle's old file is gone)
//   move-aside  the bundle is moved to cacert.pem.moved, then the link is made at its name
// One JSON line of results goes to stdout.
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  symlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { execa, execaSync } from 'execa';

interface Job {
  mount: string;
  bin: string;
  fixture: string;
  reference: string;
  store: string;
  rootPem: string;
  tries: number;
}

const job = JSON.parse(process.argv[2]!) as Job;
const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');
execaSync('mount', ['-t', 'tmpfs', '-o', 'size=64m,mode=755', 'trustfix-race', job.mount]);
const shadow = join(job.mount, 'protected', 'shadow');
const folder = join(job.mount, 'venv', 'lib', 'python3.11', 'site-packages', 'certifi');
const bundle = join(folder, 'cacert.pem');
const data = join(job.mount, 'data');
const fifo = join(job.mount, 'pause.fifo');
mkdirSync(join(job.mount, 'protected'));
mkdirSync(folder, { recursive: true });
execaSync('mkfifo', [fifo]);

/** The FIFO has a reader (the CLI is paused) when a non-blocking open for writing succeeds. */
function tryPaused(): number | null {
  try {
    return openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch {
    return null;
  }
}

function swap(how: 'replace' | 'move-aside'): void {
  if (how === 'replace') {
    symlinkSync(shadow, `${bundle}.link`);
    renameSync(`${bundle}.link`, bundle);
  } else {
    renameSync(bundle, `${bundle}.moved`);
    symlinkSync(shadow, bundle);
  }
}

function entryIds(): string[] {
  return existsSync(join(data, 'journal')) ? readdirSync(join(data, 'journal')) : [];
}

const results: unknown[] = [];
for (const kind of ['append', 'refresh'] as const) {
  for (let i = 0; i < job.tries; i++) {
    for (const f of readdirSync(folder)) execaSync('rm', ['-f', join(folder, f)]);
    copyFileSync(job.fixture, bundle);
    copyFileSync('/etc/shadow', shadow);
    const protectedSha = sha(shadow);
    const how = i % 2 === 0 ? 'replace' : 'move-aside';
    const before = new Set(entryIds());
    const args = kind === 'append' ? ['append', '--to', bundle, job.rootPem] : ['refresh', bundle];
    const child = execa(
      process.execPath,
      [
        job.bin,
        ...args,
        '--yes',
        '--data-dir',
        data,
        '--reference',
        job.reference,
        '--system-store',
        job.store,
        '--at',
        '2026-11-23',
      ],
      {
        reject: false,
        timeout: 120_000,
        env: { TRUSTFIX_TEST_PAUSE_BEFORE_RENAME: fifo },
      },
    );
    let exited = false;
    const finished = child.then((r) => {
      exited = true;
      return r;
    });
    let pauses = 0;
    while (!exited) {
      const fd = tryPaused();
      if (fd === null) {
        await new Promise((r) => setTimeout(r, 5));
        continue;
      }
      if (pauses === 0) swap(how);
      pauses++;
      closeSync(fd);
      await new Promise((r) => setTimeout(r, 20));
    }
    const run = await finished;
    const id = entryIds().find((e) => !before.has(e));
    const mine = id ? JSON.parse(readFileSync(join(data, 'journal', id, 'entry.json'), 'utf8')) : null;
    const info = lstatSync(bundle);
    results.push({
      kind,
      try: i,
      how,
      pauses,
      exitCode: run.exitCode,
      stderr: String(run.stderr).slice(-600),
      protectedUnchanged: sha(shadow) === protectedSha,
      bundleIsFile: info.isFile(),
      bundleSha: info.isFile() ? sha(bundle) : null,
      entryState: mine?.state ?? null,
      planned: mine ? mine.actions[0].changes[0].change.after.sha256 : null,
    });
  }
}
process.stdout.write(`${JSON.stringify(results)}\n`);
