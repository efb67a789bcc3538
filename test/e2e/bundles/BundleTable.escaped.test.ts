// The app shows a folder named with a newline, an escape sequence and a bidi override (U+202E) escaped
// (issue 12): in the bundles table and in the bundle's panel the path reads as one line, in the same
// form as the CLI prints it, and nothing in the page holds the raw characters. Real `trustfix ui`,
// Debian's Chromium, a tree the test owns.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../helpers/cli.ts';
import { CHROMIUM, CHROMIUM_ARGS, ensureRenderer, startUi, type RunningUi } from '../../helpers/uiServer.ts';

const haveChromium = existsSync(CHROMIUM);
const FOLDER = 'evil\nTrustFix: all good\u001b[2J\u202egnp.exe';
const SHOWN = 'evil\\nTrustFix: all good\\e[2J\\u202egnp.exe';

describe.skipIf(!haveChromium)('odd names in the app', () => {
  let browser: Browser;
  let ui: RunningUi;
  let work: string;

  beforeAll(async () => {
    await ensureRenderer();
    work = await mkdtemp(join(tmpdir(), 'trustfix-e2e-escaped-'));
    await mkdir(join(work, 'tree', FOLDER), { recursive: true });
    await copyFile(join(FIXTURES, 'certifi-2016.02.28.pem'), join(work, 'tree', FOLDER, 'cacert.pem'));
    ui = await startUi(['--root', join(work, 'tree'), '--data-dir', join(work, 'data'), '--only-python']);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('the bundles table and the panel show the path escaped, on one line', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
    await page.goto(ui.url);
    await page.locator('button[data-screen="bundles"]').click();
    // Opening the screen starts the scan (issue 15).
    const row = page.locator('tbody tr[data-status]');
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    const cell = row.locator('button.path');
    // The button's name is the whole path; the cell draws its end and the head shortened (issue 15),
    // and the tip on focus shows it whole.
    expect(await cell.locator('.visually-hidden').textContent()).toBe(join(work, 'tree', SHOWN, 'cacert.pem'));
    expect(await cell.locator('.path-short').textContent()).toBe(join(work, 'tree', SHOWN, 'cacert.pem'));
    await cell.focus();
    await expect
      .poll(() => page.getByRole('tooltip').textContent(), { timeout: 10_000 })
      .toBe(join(work, 'tree', SHOWN, 'cacert.pem'));
    await cell.click();
    await expect
      .poll(() => page.locator('.details-path').textContent(), { timeout: 20_000 })
      .toBe(join(work, 'tree', SHOWN, 'cacert.pem'));
    const text = await page.locator('body').innerText();
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\u202e');
    expect(text.split('\n').some((line) => line.startsWith('TrustFix: all good'))).toBe(false);
    await page.close();
  });
});
