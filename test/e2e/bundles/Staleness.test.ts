// The app shows the staleness grade (issue 13): in the bundles table a badge beside "stale"
// ("current enough" for certifi 2026.05.20, "outdated" for 2018.08.24), and in the panel the roots a
// bundle lacks with when Mozilla added them. Real `trustfix ui`, Debian's Chromium, a tree the test
// owns; judged against Node 24.21's list (NSS 3.126) as of 2026-12-03, so the figures are fixed.
// Run `npm run build` first: the test serves dist/renderer.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../helpers/cli.ts';
import { CHROMIUM, CHROMIUM_ARGS, ensureRenderer, startUi, type RunningUi } from '../../helpers/uiServer.ts';

const haveChromium = existsSync(CHROMIUM);
const NODE24 = fileURLToPath(new URL('../../fixtures/runtime/node24.21-tls-rootCertificates.pem', import.meta.url));

describe.skipIf(!haveChromium)('the staleness grade in the app', () => {
  let browser: Browser;
  let ui: RunningUi;
  let work: string;

  beforeAll(async () => {
    await ensureRenderer();
    work = await mkdtemp(join(tmpdir(), 'trustfix-e2e-staleness-'));
    for (const [folder, file] of [
      ['new', 'certifi-2026.05.20.pem'],
      ['old', 'certifi-2018.08.24.pem'],
    ] as const) {
      await mkdir(join(work, 'tree', folder), { recursive: true });
      await copyFile(join(FIXTURES, file), join(work, 'tree', folder, 'cacert.pem'));
    }
    ui = await startUi([
      '--root',
      join(work, 'tree'),
      '--data-dir',
      join(work, 'data'),
      '--only-python',
      '--reference',
      NODE24,
      '--at',
      '2026-12-03',
    ]);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('a badge per stale row, and the missing roots with their dates in the panel', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    await page.goto(ui.url);
    await page.locator('button[data-screen="bundles"]').click();
    // Opening the screen starts the scan (issue 15).
    const rows = page.locator('tbody tr[data-status]');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);
    const fresh = rows.filter({ hasText: join(work, 'tree', 'new', 'cacert.pem') });
    const old = rows.filter({ hasText: join(work, 'tree', 'old', 'cacert.pem') });
    expect(await fresh.locator('td.col-status').innerText()).toBe('stale current enough');
    expect(await old.locator('td.col-status').innerText()).toBe('stale outdated');
    await fresh.locator('button.path').click();
    const panel = page.locator('aside.details');
    await expect.poll(() => panel.locator('.missing-roots li').count(), { timeout: 20_000 }).toBe(4);
    const text = await panel.innerText();
    expect(text).toContain('lacks only 4 root(s) Mozilla added in the last 12 months (2026-07)');
    expect(text).toContain('Telia RSA TLS Root CA v3');
    expect(text).toContain("added to Mozilla's list Jul 17, 2026");
    await page.close();
  });
});
