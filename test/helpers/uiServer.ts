// Starts the real `trustfix ui` (from source) and reads its first stdout line: the one-time link
// (http://127.0.0.1:PORT/open/CODE) that opens the app in one browser, once; builds the renderer
// first when dist/renderer is missing. Also: Chromium for Playwright, and a tree of
// bundles whose verdicts are known.
import { execa, type ResultPromise } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, writeFile, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { makeCert } from './checkPki.ts';
import { CLI, FIXTURES } from './cli.ts';
import { ROOT } from './repoRoot.ts';

export { ROOT };
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export async function ensureRenderer(): Promise<void> {
  if (existsSync(join(ROOT, 'dist/renderer/index.html'))) return;
  await execa(join(ROOT, 'node_modules/.bin/vite'), ['build'], { cwd: ROOT, timeout: 120_000 });
}

export interface RunningUi {
  /** The printed link: it works once (then the browser that used it has the cookie). */
  url: string;
  origin: string;
  port: number;
  child: ResultPromise;
  /** What it wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** `open: true` lets it start "the default browser" (a test puts its own xdg-open first on PATH). */
export async function startUi(
  args: string[],
  env: Record<string, string> = {},
  opts: { open?: boolean } = {},
): Promise<RunningUi> {
  const child = execa(process.execPath, [CLI, 'ui', ...(opts.open ? [] : ['--no-open']), ...args], {
    reject: false,
    env: { LANG: 'C.UTF-8', ...env },
    buffer: false,
    timeout: 600_000,
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(line.trim());
    });
    void child.then(() => reject(new Error(`trustfix ui exited: ${err}`)));
    setTimeout(() => reject(new Error(`trustfix ui printed no URL: ${err}`)), 30_000);
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    child,
    stderr: () => err,
    async stop() {
      child.kill('SIGTERM');
      await child;
    },
  };
}

/** Four files, one per status: current (this runtime's roots), stale (certifi 2016), broken (empty), not a bundle (a leaf). */
export async function makeBundleTree(dir: string): Promise<Record<string, string>> {
  const files = {
    current: join(dir, 'venv/lib/python3.11/site-packages/certifi/cacert.pem'),
    stale: join(dir, 'old/lib/python3.6/site-packages/certifi/cacert.pem'),
    broken: join(dir, 'broken/cacert.pem'),
    'not-a-bundle': join(dir, 'server/server.pem'),
  };
  for (const f of Object.values(files)) await mkdir(join(f, '..'), { recursive: true });
  await writeFile(files.current, rootCertificates.join('\n'));
  await copyFile(join(FIXTURES, 'certifi-2016.02.28.pem'), files.stale);
  await writeFile(files.broken, '');
  await writeFile(files['not-a-bundle'], makeCert({ cn: 'server.test', to: 3650 }).pem);
  return files;
}

/** Many small files in many folders: a scan long enough to cancel. */
export async function makeLongTree(dir: string, folders: number, perFolder: number): Promise<number> {
  const pem = makeCert({ cn: 'server.test', to: 3650 }).pem;
  for (let i = 0; i < folders; i++) {
    const sub = join(dir, `pkg-${i}`, 'certs');
    await mkdir(sub, { recursive: true });
    await Promise.all(Array.from({ length: perFolder }, (_, j) => writeFile(join(sub, `c${j}.pem`), pem)));
  }
  return folders * perFolder;
}
