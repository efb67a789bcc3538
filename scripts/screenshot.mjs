// The README's picture of the app: `trustfix ui` against a small tree made of the repository's own
// fixture bundles (a project venv, an old venv, a tool's copy, a distribution bundle, an empty file,
// a server certificate), in a data folder of its own, photographed by Debian's Chromium after the
// scan has judged every file. Nothing of this machine's disk is shown: no interpreters, no known places.
//   npm run build && node scripts/screenshot.mjs        -> docs/images/app.png, docs/images/app-zh-CN.png
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures');
const OUT = join(ROOT, 'docs/images');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

// Where each fixture sits in the demo tree: the places a person would find such files.
const TREE = {
  'projects/web-app/.venv/lib/python3.12/site-packages/certifi/cacert.pem': 'bundles/certifi-2026.05.20.pem',
  'projects/web-app/.venv/lib/python3.12/site-packages/pip/_vendor/certifi/cacert.pem':
    'bundles/certifi-2024.08.30.pem',
  'projects/legacy/venv/lib/python3.6/site-packages/certifi/cacert.pem': 'bundles/certifi-2016.02.28.pem',
  'projects/legacy/venv/lib/python3.6/site-packages/pip/_vendor/requests/cacert.pem': 'bundles/certifi-2018.08.24.pem',
  'tools/aws-cli/lib/python3.11/site-packages/botocore/cacert.pem': 'bundles/botocore-1.43.11.pem',
  'tools/google-cloud-sdk/lib/third_party/certifi/cacert.pem': 'bundles/certifi-2023.05.07.pem',
  'etc/ssl/certs/ca-certificates.crt': 'bundles/debian12-ca-certificates.crt',
  'projects/broken/cacert.pem': 'messy-bundles/empty.pem',
  'projects/web-app/deploy/cert.pem': 'messy-bundles/leaf-only.pem',
};

// The packages' own version files, which is where TrustFix reads a version (never the file date).
const VERSIONS = {
  'projects/web-app/.venv/lib/python3.12/site-packages/certifi/__init__.py': '2026.05.20',
  'projects/web-app/.venv/lib/python3.12/site-packages/pip/__init__.py': '24.2',
  'projects/web-app/.venv/lib/python3.12/site-packages/pip/_vendor/certifi/__init__.py': '2024.08.30',
  'projects/legacy/venv/lib/python3.6/site-packages/certifi/__init__.py': '2016.02.28',
  'projects/legacy/venv/lib/python3.6/site-packages/pip/__init__.py': '18.1',
  'tools/aws-cli/lib/python3.11/site-packages/botocore/__init__.py': '1.43.11',
  'tools/google-cloud-sdk/lib/third_party/certifi/__init__.py': '2023.05.07',
};

function startUi(args, env) {
  const child = spawn(process.execPath, [join(ROOT, 'bin/trustfix.js'), 'ui', '--no-open', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const url = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.split('\n')[0].trim());
    });
    child.on('exit', (code) => reject(new Error(`trustfix ui exited (${code}): ${err}`)));
    setTimeout(() => reject(new Error(`trustfix ui printed no URL: ${err}`)), 60_000).unref();
  });
  return { child, url };
}

// A short, fixed folder of the script's own, so the paths in the picture read like a home folder's.
const work = join(tmpdir(), 'trustfix-demo');
rmSync(work, { recursive: true, force: true });
const tree = join(work, 'home');
for (const [place, fixture] of Object.entries(TREE)) {
  mkdirSync(dirname(join(tree, place)), { recursive: true });
  copyFileSync(join(FIXTURES, fixture), join(tree, place));
}
for (const [place, version] of Object.entries(VERSIONS))
  writeFileSync(join(tree, place), `__version__ = "${version}"\n`);
mkdirSync(OUT, { recursive: true });

// The environment it means: no steering variables, no pip config, a home of its own.
const env = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: tree,
  LANG: 'C.UTF-8',
  PIP_CONFIG_FILE: '/dev/null',
  TRUSTFIX_FROM_SOURCE: '1',
};
const args = [
  '--root',
  tree,
  '--data-dir',
  join(work, 'data'),
  '--only-python',
  '--reference',
  join(FIXTURES, 'bundles/certifi-2026.05.20.pem'),
  '--system-store',
  join(FIXTURES, 'bundles/debian12-ca-certificates.crt'),
  '--at',
  '2026-11-23',
];
const ui = startUi(args, env);
let browser;
try {
  const link = await ui.url;
  const origin = new URL(link).origin;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  const first = await context.newPage();
  await first.goto(link);
  await first.close();
  for (const [lang, file] of [
    ['en', 'app.png'],
    ['zh-CN', 'app-zh-CN.png'],
  ]) {
    const set = await context.request.post(`${origin}/api/settings.set`, { data: { language: lang } });
    if (set.status() !== 200) throw new Error(`settings.set ${lang}: ${set.status()}`);
    const page = await context.newPage();
    await page.goto(`${origin}/#bundles`);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang, { timeout: 20_000 });
    await page.waitForFunction(
      (n) => document.querySelectorAll('tbody tr[data-status]').length >= n,
      Object.keys(TREE).length,
      { timeout: 60_000 },
    );
    await page
      .locator('.scan-progress')
      .waitFor({ state: 'detached', timeout: 60_000 })
      .catch(() => {});
    // No hover, no focus ring: the table as a person first sees it.
    await page.mouse.move(1, 799);
    await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(OUT, file) });
    await page.close();
    process.stdout.write(`${join('docs/images', file)}\n`);
  }
} finally {
  await browser?.close();
  ui.child.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
