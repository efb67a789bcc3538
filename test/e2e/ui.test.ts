// End to end: the real `trustfix ui` backend, Debian's Chromium driven by Playwright. Scans a
// generated tree, cancels a long scan, walks the wizard's first step, switches to Chinese and looks
// for English left behind, runs axe-core on every screen, and writes screenshots of every screen in
// both languages to test-results/screenshots/.
import AxeBuilder from '@axe-core/playwright';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, ensureRenderer, makeBundleTree, makeLongTree, ROOT, startUi, type RunningUi } from '../helpers/uiServer.ts';

const SHOTS = join(ROOT, 'test-results/screenshots');
const SCREENS = ['wizard', 'bundles', 'pythons', 'update', 'history', 'settings'] as const;
const haveChromium = existsSync(CHROMIUM);

describe.skipIf(!haveChromium)('trustfix ui in Chromium', () => {
  let browser: Browser;
  let ui: RunningUi;
  let work: string;
  let files: Record<string, string>;

  beforeAll(async () => {
    await ensureRenderer();
    work = await mkdtemp(join(tmpdir(), 'trustfix-e2e-'));
    files = await makeBundleTree(join(work, 'tree'));
    ui = await startUi(['--root', join(work, 'tree'), '--data-dir', join(work, 'data')]);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    await mkdir(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  async function open(): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(ui.url);
    return page;
  }

  async function goTo(page: Page, screen: string): Promise<void> {
    await page.locator(`button[data-screen="${screen}"]`).click();
  }

  it('scans a generated tree and the table fills with the right statuses', async () => {
    const page = await open();
    await goTo(page, 'bundles');
    await page.getByRole('button', { name: 'Scan', exact: true }).click();
    await expect.poll(() => page.locator('[data-testid="scan-summary"]').textContent(), { timeout: 30_000 }).toContain('4 file(s)');
    for (const [status, path] of Object.entries(files)) {
      const row = page.locator('tbody tr[data-status]', { hasText: path });
      await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe(status);
    }
    // Filter by status, then open a row's details.
    await page.getByLabel('Status').selectOption('stale');
    await expect.poll(() => page.locator('tbody tr[data-status]').count(), { timeout: 20_000 }).toBe(1);
    await page.getByRole('button', { name: files.stale ?? '' }).click();
    await expect.poll(() => page.locator('.details').textContent(), { timeout: 20_000 }).toContain('Missing against the reference');
    await page.screenshot({ path: join(SHOTS, 'en-bundles-details.png') });
    await page.close();
  });

  it('the wizard reads the host and the reason out of a pasted traceback', async () => {
    const page = await open();
    await page.getByLabel('The failing URL, or the whole error text').fill(
      "requests.exceptions.SSLError: HTTPSConnectionPool(host='pypi.corp.test', port=8443): Max retries exceeded with url: /simple/ (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)')))",
    );
    await expect.poll(() => page.locator('[data-testid="parsed"]').textContent(), { timeout: 20_000 }).toContain('pypi.corp.test, port 8443');
    await expect.poll(() => page.locator('[data-testid="parsed"]').textContent(), { timeout: 20_000 }).toContain('the issuer is not in the trusted list');
    // Never a button that turns verification off: only the warning.
    expect(await page.getByRole('button', { name: /verify=False|unverified|trusted-host/i }).count()).toBe(0);
    await expect.poll(() => page.getByRole('note').textContent(), { timeout: 20_000 }).toContain('Never turn verification off');
    await page.close();
  });

  it('every screen has no serious accessibility violations and is screenshotted in English and Chinese', { timeout: 180_000 }, async () => {
    const page = await open();
    await goTo(page, 'bundles');
    await page.getByRole('button', { name: /Scan/ }).first().click();
    await expect.poll(() => page.locator('[data-testid="scan-summary"]').textContent(), { timeout: 30_000 }).toContain('4 file(s)');
    for (const lang of ['en', 'zh-CN'] as const) {
      await goTo(page, 'settings');
      await page.locator('#set-language').selectOption(lang);
      await expect.poll(() => page.evaluate(() => document.documentElement.lang), { timeout: 20_000 }).toBe(lang);
      for (const screen of SCREENS) {
        await goTo(page, screen);
        await page.waitForTimeout(150);
        await page.screenshot({ path: join(SHOTS, `${lang}-${screen}.png`) });
        const axe = await new AxeBuilder({ page }).analyze();
        const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(serious.map((v) => `${screen}/${lang}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
        if (lang === 'zh-CN') expect(await englishLeft(page), `English left on ${screen}`).toEqual([]);
      }
    }
    await goTo(page, 'settings');
    await page.locator('#set-language').selectOption('en');
    await page.close();
  });
});

/** Words of three or more Latin letters outside paths, code and names that stay as they are. */
async function englishLeft(page: Page): Promise<string[]> {
  const KEEP = new Set(['TrustFix', 'Python', 'Python', 'SSL', 'CA', 'PEM', 'pip', 'urllib', 'requests', 'twine', 'certifi', 'truststore', 'Mozilla', 'Node', 'js', 'macOS', 'OS', 'JSON', 'HTTP', 'HTTPS', 'URL', 'https', 'com', 'example', 'simple', 'Ctrl', 'verify', 'False', 'PYTHONHTTPSVERIFY', 'trusted', 'host', 'create', 'unverified', 'context', 'reference', 'English', 'SSLCertVerificationError', 'CERTIFICATE', 'VERIFY', 'FAILED', 'pypi', 'python', 'ssl', 'Python']);
  const text = await page.evaluate(() => {
    const skip = '.path, .details-path, code, pre, textarea, [lang="en"], .brand';
    const out: string[] = [];
    const walker = document.createTreeWalker(document.querySelector('.app') ?? document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest(skip) || el.closest('[aria-hidden="true"]')) continue;
      if (el.closest('option') && !el.closest('option')?.selected) continue;
      out.push(n.textContent ?? '');
    }
    for (const el of document.querySelectorAll<HTMLElement>('[placeholder], [aria-label]')) out.push(el.getAttribute('aria-label') ?? '', el.getAttribute('placeholder') ?? '');
    return out.join(' ');
  });
  return [...new Set(text.match(/[A-Za-z]{3,}/g) ?? [])].filter((w) => !KEEP.has(w));
}

describe.skipIf(!haveChromium)('a long scan can be cancelled', () => {
  let browser: Browser;
  let ui: RunningUi;
  let work: string;
  let total: number;
  beforeAll(async () => {
    await ensureRenderer();
    work = await mkdtemp(join(tmpdir(), 'trustfix-e2e-long-'));
    total = await makeLongTree(join(work, 'tree'), 200, 50);
    ui = await startUi(['--root', join(work, 'tree'), '--data-dir', join(work, 'data')]);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('shows progress with a count and the folder, and Cancel stops it', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${ui.url}#bundles`);
    await page.getByRole('button', { name: 'Scan', exact: true }).click();
    const progress = page.getByRole('group', { name: 'Scan progress' });
    await expect.poll(() => progress.textContent(), { timeout: 30_000 }).toMatch(/Judged \d+ of \d+ files/);
    expect(await progress.textContent()).toContain('pkg-');
    await page.screenshot({ path: join(SHOTS, 'en-bundles-scanning.png') });
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 15_000 }).toMatch(/Scan cancelled/);
    const judged = Number(/(\d+) file\(s\)/.exec((await page.locator('[data-testid="scan-summary"]').textContent()) ?? '')?.[1]);
    expect(judged).toBeGreaterThan(0);
    expect(judged).toBeLessThan(total);
    await page.close();
  });
});
