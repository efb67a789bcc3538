// Diagnosis in the app (issue 16): the wizard's call, `check.run` for a host and every interpreter,
// against the real `trustfix ui` over its HTTP API, timed from request to final result, warm (the
// wizard has listed the interpreters and one diagnosis ran before), beside the anchor measured in
// the same run: every interpreter fetching the URL itself, all at once. Aim: under 2 s.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anchorRun, startCheckHost } from '../lib/checkHost.mjs';
import { median } from '../lib/measured.mjs';
import { reportRow } from '../lib/row.mjs';

const RUNS = Number(process.env.TRUSTFIX_BENCH_RUNS ?? 5);
const root = new URL('../../', import.meta.url).pathname;
// `trustfix ui` serves the built screens: built here when missing, as 60-renderer does.
if (!existsSync(join(root, 'dist/renderer/index.html')))
  execFileSync(join(root, 'node_modules/.bin/vite'), ['build'], { cwd: root, stdio: 'ignore' });
const host = await startCheckHost();
const data = mkdtempSync(join(tmpdir(), 'trustfix-bench-app-'));
const child = spawn(
  process.execPath,
  [join(root, 'bin/trustfix.js'), 'ui', '--no-open', '--no-disk', '--data-dir', data],
  { stdio: ['ignore', 'pipe', 'ignore'], env: host.env },
);
const link = await new Promise((resolve) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    if (out.includes('\n')) resolve(out.split('\n')[0].trim());
  });
});
// The printed link opens the app once: its cookie is this script's pass, as a browser's would be.
const { origin } = new URL(link);
const opened = await fetch(link, { redirect: 'manual' });
const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0];
// A new connection per call (agent: false): a kept-alive one can be closed by the server while the
// anchor runs, and the next call would fail on it.
const post = (channel, body) =>
  new Promise((resolve, reject) => {
    const req = httpRequest(
      `${origin}/api/${channel}`,
      { method: 'POST', agent: false, headers: { Cookie: cookie, 'Content-Type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve(JSON.parse(text)));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
const call = async (channel, body) => {
  const started = performance.now();
  const answer = await post(channel, body);
  if (!answer.ok) throw new Error(`${channel}: ${JSON.stringify(answer.error)}`);
  return { ms: performance.now() - started, value: answer.value };
};
/** The server's peak resident memory so far (Linux: VmHWM). */
const serverPeakMb = () => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

const listed = await call('pythons.list', {});
const pythons = listed.value.filter((p) => !p.error);
const request = { host: 'localhost', port: host.port, pythonIds: pythons.map((p) => p.id) };
const warm = await call('check.run', request);
anchorRun(
  host,
  pythons.map((p) => p.executable),
);
const ours = [];
const anchor = [];
for (let i = 0; i < RUNS; i++) {
  anchor.push(
    anchorRun(
      host,
      pythons.map((p) => p.executable),
    ),
  );
  ours.push((await call('check.run', request)).ms);
}
const peakMb = serverPeakMb();
child.kill('SIGTERM');
host.stop();
rmSync(data, { recursive: true, force: true });

console.log(
  `pythons.list: ${listed.ms.toFixed(0)} ms (first, cold); ${pythons.length} interpreters; first check.run ${warm.ms.toFixed(0)} ms, ${warm.value.rows.length} rows (ok ${warm.value.rows.filter((r) => r.ok).length})`,
);
reportRow({
  goal: `diagnosis: app, ${pythons.length} interpreters`,
  ours: { label: 'check.run over the API (trustfix ui)', ms: median(ours), peakMb },
  anchor: {
    label: 'each Python fetching the URL itself, in parallel',
    ms: median(anchor.map((r) => r.ms)),
    peakMb: Math.max(...anchor.map((r) => r.peakMb)),
  },
  aim: { ms: 2000 },
  note: `median of ${RUNS}, warm; peak = the ui server process (VmHWM), anchor: largest single process`,
});
