// Renderer figures: bundle size (gzip) of the built renderer, and time to first render of the
// bundles table with 1,000 rows in Chromium against the real `trustfix ui` (aims: < 300 KB gzip,
// < 200 ms). Needs /usr/bin/chromium; builds the renderer when dist/renderer is missing.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const root = new URL('../../', import.meta.url).pathname;
const dist = join(root, 'dist/renderer');
if (!existsSync(join(dist, 'index.html')))
  execFileSync(join(root, 'node_modules/.bin/vite'), ['build'], { cwd: root, stdio: 'ignore' });

let raw = 0;
let gz = 0;
for (const f of readdirSync(join(dist, 'assets'))) {
  const bytes = readFileSync(join(dist, 'assets', f));
  raw += bytes.length;
  gz += gzipSync(bytes, { level: 9 }).length;
}
console.log(`renderer bundle: ${(raw / 1024).toFixed(1)} KB, ${(gz / 1024).toFixed(1)} KB gzip (aim < 300 KB gzip)`);

if (!existsSync('/usr/bin/chromium')) {
  console.log('first render of 1,000 rows: skipped (no /usr/bin/chromium)');
  process.exit(0);
}
const work = mkdtempSync(join(tmpdir(), 'trustfix-bench-ui-'));
const pems = [
  rootCertificates.join('\n'),
  readFileSync(join(root, 'test/fixtures/bundles/certifi-2016.02.28.pem'), 'utf8'),
];
for (let i = 0; i < 1000; i++) {
  const dir = join(work, 'tree', `env-${i}`, 'certifi');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cacert.pem'), pems[i % 2]);
}
const child = spawn(
  process.execPath,
  [
    join(root, 'src-main/cli/main.ts'),
    'ui',
    '--no-open',
    '--only-python',
    '--root',
    join(work, 'tree'),
    '--data-dir',
    join(work, 'data'),
  ],
  { stdio: ['ignore', 'pipe', 'ignore'] },
);
const url = await new Promise((resolve) => {
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
    if (out.includes('\n')) resolve(out.split('\n')[0]);
  });
});
const { origin, searchParams } = new URL(url);
const post = (ch) =>
  fetch(`${origin}/api/${ch}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${searchParams.get('token')}`, 'Content-Type': 'application/json' },
    body: '{}',
  }).then((r) => r.json());
await post('scan.start');
for (;;) {
  const r = await post('scan.results');
  if (r.value.state !== 'running') break;
  await new Promise((res) => setTimeout(res, 100));
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
const times = [];
const parts = [];
for (let run = 0; run < 5; run++) {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(url);
  await page.locator('button[data-screen="wizard"]').waitFor();
  // From the click on "CA bundles" to the first table rows in the DOM, measured inside the page.
  const m = await page.evaluate(
    () =>
      new Promise((resolve) => {
        performance.clearMarks();
        const start = performance.now();
        const at = (name) => (performance.getEntriesByName(name).at(-1)?.startTime ?? NaN) - start;
        const done = () => {
          if (document.querySelector('tbody tr[data-status]')) {
            obs.disconnect();
            requestAnimationFrame(() =>
              resolve({
                total: performance.now() - start,
                fetch: at('bundles:fetch'),
                data: at('bundles:data'),
                rows: at('bundles:rows'),
                bytes:
                  performance
                    .getEntriesByType('resource')
                    .filter((e) => e.name.endsWith('/api/scan.results'))
                    .at(-1)?.encodedBodySize ?? 0,
              }),
            );
          }
        };
        const obs = new MutationObserver(done);
        obs.observe(document.body, { childList: true, subtree: true });
        document.querySelector('button[data-screen="bundles"]').click();
      }),
  );
  const rows = await page.locator('[data-testid="scan-summary"]').textContent();
  if (run === 0) console.log(`table data: ${rows}`);
  times.push(m.total);
  parts.push(m);
  await page.close();
}
times.sort((a, b) => a - b);
const med = (k) => parts.map((p) => p[k]).sort((a, b) => a - b)[2];
console.log(
  `  of which: screen mounted ${med('fetch').toFixed(0)} ms (the request for the rows leaves on the click); rows in hand (transfer + JSON, ${(parts[0].bytes / 1024).toFixed(0)} KB) ${(med('data') - med('fetch')).toFixed(0)} ms later; table rendered (React render, commit, first layout) ${(med('rows') - med('data')).toFixed(0)} ms; to the next frame ${(med('total') - med('rows')).toFixed(0)} ms (medians)`,
);
console.log(
  `first render of the bundles table, 1,000 rows: median ${times[2].toFixed(0)} ms, best ${times[0].toFixed(0)} ms, worst ${times[4].toFixed(0)} ms (aim < 200 ms; includes fetching the 1,000 rows over the bridge)`,
);
await browser.close();
child.kill('SIGTERM');
rmSync(work, { recursive: true, force: true });
