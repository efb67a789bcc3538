// End to end, the app's connection (issue 12): the real `trustfix ui`, Debian's Chromium driven by
// Playwright. The browser it starts gets a one-time link (a fake xdg-open first on PATH writes down
// its arguments), never the token; after load no page URL or request holds a secret, and the events
// stream runs on the cookie; the printed link still works once; runs one after the other (a new port,
// then the first one's port again) all open in one browser context. See docs/app-connection.md.
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, ensureRenderer, startUi } from '../../helpers/uiServer.ts';

const haveChromium = existsSync(CHROMIUM);
let browser: Browser;
const newContext = (): Promise<BrowserContext> => browser.newContext({ viewport: { width: 1280, height: 860 } });
const goTo = (page: Page, screen: string) => page.locator(`button[data-screen="${screen}"]`).click();

/** The app is up in this page and its calls are answered: the settings screen shows the data folder
 * (settings.get), and a call from the page itself succeeds with the cookie alone. */
async function appWorks(page: Page, dataDir: string): Promise<void> {
  await goTo(page, 'settings');
  await expect.poll(() => page.locator('dd.path').first().textContent(), { timeout: 20_000 }).toBe(dataDir);
  const status = await page.evaluate(() =>
    fetch('/api/settings.get', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).then(
      (r) => r.status,
    ),
  );
  expect(status).toBe(200);
}

describe.skipIf(!haveChromium)("the app's connection", () => {
  let work: string;
  beforeAll(async () => {
    await ensureRenderer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    work = await mkdtemp(join(tmpdir(), 'trustfix-e2e-connection-'));
    await mkdir(join(work, 'tree'));
  });
  afterAll(async () => {
    await browser?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('the browser it starts gets a one-time link, not the token; after load no URL holds a secret; the printed link still works once', async () => {
    // "The default browser": an xdg-open first on PATH that writes down its arguments.
    const bin = join(work, 'bin');
    const record = join(work, 'xdg-open.args');
    await mkdir(bin, { recursive: true });
    await writeFile(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\n`);
    await chmod(join(bin, 'xdg-open'), 0o755);
    const dataDir = join(work, 'data-open');
    const ui = await startUi(
      ['--root', join(work, 'tree'), '--data-dir', dataDir],
      { PATH: `${bin}:${process.env.PATH ?? ''}` },
      { open: true },
    );
    const contexts: BrowserContext[] = [];
    try {
      await expect.poll(() => existsSync(record), { timeout: 20_000 }).toBe(true);
      const args = (await readFile(record, 'utf8')).split('\n').filter(Boolean);
      // One argument: a link to this server's /open/ with a code, and nothing else (no token).
      expect(args).toHaveLength(1);
      const opened = args[0]!;
      expect(opened).toMatch(new RegExp(`^${ui.origin}/open/[\\w-]{32}$`));
      expect(opened).not.toMatch(/token/i);
      expect(opened).not.toBe(ui.url);

      // The browser's visit: it lands on the clean URL, and no request after the first carries a secret.
      const context = await newContext();
      contexts.push(context);
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      const events = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/events');
      await page.goto(opened);
      expect(page.url()).toBe(`${ui.origin}/`);
      await appWorks(page, dataDir);
      // The events stream opens on the cookie alone (the scan screen listens to it).
      await goTo(page, 'bundles');
      const stream = await events;
      expect(stream.status()).toBe(200);
      expect(stream.url()).toBe(`${ui.origin}/api/events`);
      expect(requests[0]).toBe(opened);
      expect(requests.slice(1).filter((u) => /token|\/open\/|code=/i.test(u))).toEqual([]);
      expect(page.url()).not.toMatch(/token|open|code/);

      // The printed link, pasted into another browser, still works once.
      const other = await newContext();
      contexts.push(other);
      const pasted = await other.newPage();
      await pasted.goto(ui.url);
      expect(pasted.url()).toBe(`${ui.origin}/`);
      await appWorks(pasted, dataDir);

      // The browser's link a second time, in a browser without the cookie: refused, with what to do;
      // the terminal is told somebody came with a used link.
      const third = await newContext();
      contexts.push(third);
      const late = await third.newPage();
      const answer = await late.goto(opened);
      expect(answer?.status()).toBe(403);
      expect(await late.locator('main').textContent()).toContain('already been used');
      expect(await late.locator('main').textContent()).toContain('trustfix ui');
      await expect.poll(() => ui.stderr(), { timeout: 10_000 }).toContain('already been used');
    } finally {
      for (const c of contexts) await c.close();
      await ui.stop();
    }
  });

  it("runs one after the other all open in one browser: a new port, then the first run's port again", async () => {
    const context = await newContext();
    try {
      let firstPort = 0;
      for (const [i, port] of [undefined, undefined, 'first'].entries()) {
        const dataDir = join(work, `data-run-${i}`);
        const ui = await startUi([
          '--root',
          join(work, 'tree'),
          '--data-dir',
          dataDir,
          ...(port ? ['--port', String(firstPort)] : []),
        ]);
        try {
          if (i === 0) firstPort = ui.port;
          if (port) expect(ui.port).toBe(firstPort);
          const page = await context.newPage();
          const answer = await page.goto(ui.url);
          // Soft: a secret left in the address bar is reported, and the run is still tried.
          expect.soft(page.url()).toBe(`${ui.origin}/`);
          expect(answer?.status()).toBe(200);
          await appWorks(page, dataDir);
          await page.close();
        } finally {
          await ui.stop();
        }
      }
      // The browser holds one cookie per port, none of them named after no port.
      const names = (await context.cookies()).map((c) => c.name).sort();
      expect(names.every((n) => /^trustfix_\d+$/.test(n))).toBe(true);
      expect(names).toContain(`trustfix_${firstPort}`);
    } finally {
      await context.close();
    }
  });
});
