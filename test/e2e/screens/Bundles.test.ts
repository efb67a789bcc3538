// Issue 15, the CA bundles screen, as a person meets it: in English and Chinese, at 1280x800 and
// 1024x700. Opening the screen starts the search; a long path keeps its distinguishing end visible
// and shows in full on keyboard focus; the owner's version is not cut; the walk's counters move; a
// garbage file says so in a sentence; certificate names read as written (no RFC 4514 escapes); the
// size is in KB with the exact bytes on focus; Escape closes the panel and focus goes back to the
// row; the plan's Apply is in view at 1024x700; Undo says what was put back. Axe and screenshots on
// the screen and the open panel (and one in dark mode).
import { copyFile, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../../helpers/cli.ts';
import {
  closeBrowser,
  focused,
  forgetApp,
  haveChromium,
  inView,
  LANGS,
  launchBrowser,
  openApp,
  shoot,
  type Lang,
  type ViewportName,
} from '../../helpers/uiPage.ts';
import { makeLongTree, startUi, type RunningUi } from '../../helpers/uiServer.ts';

const NODE24 = fileURLToPath(new URL('../../fixtures/runtime/node24.21-tls-rootCertificates.pem', import.meta.url));
const SIZES: readonly ViewportName[] = ['wide', 'narrow'];

/** What each language says, where a test reads the words. */
const TEXT = {
  en: {
    garbage: 'Not a certificate bundle: no certificates could be read.',
    missingList: 'Missing against the reference',
    refresh: 'Refresh…',
    apply: 'Apply',
    undo: 'Undo',
    undone: /^Put back: .*cacert\.pem is as it was before the change\.$/,
    walked: /([\d,]+) folders read/,
    kb: /^[\d,.]+ KB$/,
    exact: (n: number) => `${n.toLocaleString('en')} bytes`,
  },
  'zh-CN': {
    garbage: '不是证书包：读不出任何证书。',
    missingList: '与参考列表相比缺少的证书',
    refresh: '刷新…',
    apply: '应用',
    undo: '撤销',
    undone: /^已还原：.*cacert\.pem 已恢复到修改前的样子。$/,
    walked: /已读取 ([\d,]+) 个文件夹/,
    kb: /^[\d,.]+ KB$/,
    exact: (n: number) => `${n.toLocaleString('zh-CN')} 字节`,
  },
} as const satisfies Record<Lang, unknown>;

let work: string;
let tree: string;
/** The files of the tree, by what the tests call them. */
let files: { certifi: string; pip: string; garbage: string };

beforeAll(async () => {
  if (!haveChromium) return;
  await launchBrowser();
  work = await mkdtemp(join(tmpdir(), 'trustfix-ux-bundles-'));
  // A deep folder, as under a user's projects, so that the paths are longer than their column.
  tree = join(work, 'projects-of-a-person-with-long-folder-names', 'tree');
  const site = join(tree, 'venv/lib/python3.11/site-packages');
  files = {
    certifi: join(site, 'certifi/cacert.pem'),
    pip: join(site, 'pip/_vendor/certifi/cacert.pem'),
    garbage: join(tree, 'downloads/cacert.pem'),
  };
  for (const f of Object.values(files)) await mkdir(join(f, '..'), { recursive: true });
  await copyFile(join(FIXTURES, 'certifi-2026.05.20.pem'), files.certifi);
  await writeFile(join(site, 'certifi/__init__.py'), '__version__ = "2026.05.20"\n');
  // pip's vendored certifi: old (stale, so it can be refreshed), and pip's version in the owner column.
  await copyFile(join(FIXTURES, 'certifi-2016.02.28.pem'), files.pip);
  await writeFile(join(site, 'pip/__init__.py'), '__version__ = "24.0.1"\n');
  await writeFile(files.garbage, '-----BEGIN CERTIFICATE-----\nthis is not base64 at all\n-----END CERTIFICATE-----\n');
}, 120_000);
afterAll(async () => {
  await closeBrowser();
  if (work) await rm(work, { recursive: true, force: true });
});

const start = (name: string): Promise<RunningUi> =>
  startUi([
    '--root',
    tree,
    '--data-dir',
    join(work, `data-${name}`),
    '--only-python',
    '--reference',
    NODE24,
    '--at',
    '2026-12-03',
  ]);

const row = (page: Page, path: string): Locator => page.locator('tbody tr[data-status]').filter({ hasText: path });
const pathButton = (page: Page, path: string): Locator => row(page, path).locator('button.path');
/** Whether keyboard focus is on the path button of that file's row. */
const focusOnRow = (page: Page, path: string): Promise<boolean> =>
  pathButton(page, path)
    .evaluate((el) => el === document.activeElement)
    .catch(() => false);

/** The rows of the tree are in the table (clicking Scan only where the screen did not start it). */
async function scanned(page: Page): Promise<void> {
  const rows = page.locator('tbody tr[data-status]');
  if ((await rows.count()) < 3 && (await page.locator('.scan-progress').count()) === 0) {
    await page.locator('.screen-head .button.primary').click();
  }
  await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(3);
}

async function openPanel(page: Page, path: string): Promise<Locator> {
  await pathButton(page, path).click();
  const panel = page.locator('aside.details');
  await expect
    .poll(() => panel.locator('.cert-list li, [data-testid="not-a-bundle"]').count(), { timeout: 30_000 })
    .toBeGreaterThan(0);
  return panel;
}

/** The characters of an element a person can see: those drawn inside every box that clips them
 * (an ellipsis hides the rest, at the end or at the start), leaving out what only screen readers get. */
const visibleText = (element: Locator): Promise<string> =>
  element.evaluate((el) => {
    let out = '';
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || parent.getBoundingClientRect().width <= 1) continue;
      // The clip: the element itself and every box between it and the text that hides overflow.
      let left = el.getBoundingClientRect().left;
      let right = el.getBoundingClientRect().right;
      for (let a: HTMLElement | null = parent; a && a !== el; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (style.overflowX === 'visible') continue;
        left = Math.max(left, a.getBoundingClientRect().left);
        right = Math.min(right, a.getBoundingClientRect().right);
        // A box that overflows draws an ellipsis over the characters at its cut edge.
        if (style.textOverflow === 'ellipsis' && a.scrollWidth > a.clientWidth) {
          const ellipsis = parseFloat(style.fontSize) * 0.7;
          if (style.direction === 'rtl') left += ellipsis;
          else right -= ellipsis;
        }
      }
      const range = document.createRange();
      for (let i = 0; i < (n.textContent ?? '').length; i++) {
        range.setStart(n, i);
        range.setEnd(n, i + 1);
        const r = range.getBoundingClientRect();
        if (r.width > 0 && r.left >= left - 0.5 && r.right <= right + 0.5) out += n.textContent![i];
        else if (r.width > 0 && !out.endsWith('…')) out += '…';
      }
    }
    return out;
  });

for (const lang of LANGS) {
  for (const size of SIZES) {
    const say = TEXT[lang];
    describe.skipIf(!haveChromium)(`the bundles screen, ${lang}, ${size}`, () => {
      let ui: RunningUi;
      beforeAll(async () => {
        ui = await start(`${lang}-${size}`);
      }, 60_000);
      afterAll(async () => {
        if (ui) await forgetApp(ui);
        await ui?.stop();
      });

      it('opening the screen starts the search of the --root folder: its files are listed without a click', async () => {
        const page = await openApp(ui, { hash: '#bundles', viewport: size, lang });
        // The garbage file is found only by the walk of the folder.
        await expect.poll(() => page.locator('tbody tr[data-status]').count(), { timeout: 60_000 }).toBe(3);
        expect(await row(page, files.garbage).count()).toBe(1);
        await shoot(page, `bundles-${size}`, lang);
        await page.close();
      });

      it('a long path keeps its distinguishing end visible, and shows in full on keyboard focus', async () => {
        const page = await openApp(ui, { hash: '#bundles', viewport: size, lang });
        await scanned(page);
        const pip = await visibleText(pathButton(page, files.pip));
        const certifi = await visibleText(pathButton(page, files.certifi));
        expect(pip).toMatch(/_vendor\/certifi\/cacert\.pem$/);
        expect(certifi).toMatch(/site-packages\/certifi\/cacert\.pem$/);
        expect(pip).not.toBe(certifi);
        // Keyboard focus (Tab from the search field into the table) shows the whole path.
        await pathButton(page, files.pip).focus();
        const tip = page.getByRole('tooltip');
        await expect.poll(() => tip.isVisible(), { timeout: 10_000 }).toBe(true);
        expect(await tip.textContent()).toBe(files.pip);
        expect(await pathButton(page, files.pip).getAttribute('aria-describedby')).toBe(await tip.getAttribute('id'));
        expect(await visibleText(tip)).toBe(files.pip);
        // And the owner's version is not cut off.
        const owner = row(page, files.pip).locator('td.col-owner');
        expect(await owner.textContent()).toContain('24.0.1');
        expect(
          await owner.evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1),
        ).toBe(true);
        await shoot(page, `bundles-path-focus-${size}`, lang, { fold: true });
        await page.close();
      });

      it('a garbage file says it is not a bundle in a sentence, not a count of missing roots', async () => {
        const page = await openApp(ui, { hash: '#bundles', viewport: size, lang });
        await scanned(page);
        expect(await row(page, files.garbage).locator('td.col-missing').textContent()).not.toMatch(/\d/);
        const panel = await openPanel(page, files.garbage);
        expect(await panel.locator('[data-testid="not-a-bundle"]').textContent()).toBe(say.garbage);
        expect(await panel.textContent()).not.toContain(say.missingList);
        await page.close();
      });

      it('certificate names read as the certificate says them, and the size is in KB with the exact bytes on focus', async () => {
        const page = await openApp(ui, { hash: '#bundles', viewport: size, lang });
        await scanned(page);
        const panel = await openPanel(page, files.pip);
        const names = await panel.locator('.cert-name').allTextContents();
        expect(names).toContain('Starfield Technologies, Inc.');
        expect(names.filter((n) => /\\[,+"\\<>;=]/.test(n))).toEqual([]);
        const bytes = (await stat(files.pip)).size;
        const sizeEl = panel.locator('[data-testid="size"]');
        expect(await sizeEl.locator('.size-short').textContent()).toMatch(say.kb);
        // The exact bytes are drawn only on hover or focus (a 1px box for screen readers before).
        const exactWidth = async (): Promise<number> => (await sizeEl.locator('.size-exact').boundingBox())?.width ?? 0;
        expect(await exactWidth()).toBeLessThanOrEqual(1);
        await sizeEl.focus();
        await expect.poll(exactWidth, { timeout: 10_000 }).toBeGreaterThan(10);
        expect(await sizeEl.locator('.size-exact').textContent()).toContain(say.exact(bytes));
        await shoot(page, `bundles-details-${size}`, lang);
        await page.close();
      });

      it('Escape closes the panel and focus goes back to the row that opened it; so does the close button', async () => {
        const page = await openApp(ui, { hash: '#bundles', viewport: size, lang });
        await scanned(page);
        await openPanel(page, files.certifi);
        // With the panel open the table is narrow; the end of the path still shows.
        expect(await visibleText(pathButton(page, files.certifi))).toMatch(/certifi\/cacert\.pem$/);
        await page.keyboard.press('Escape');
        await expect.poll(() => page.locator('aside.details').count(), { timeout: 10_000 }).toBe(0);
        await expect.poll(() => focusOnRow(page, files.certifi), { timeout: 10_000 }).toBe(true);
        await openPanel(page, files.garbage);
        await page.locator('aside.details .details-head button').click();
        await expect.poll(() => page.locator('aside.details').count(), { timeout: 10_000 }).toBe(0);
        await expect.poll(() => focusOnRow(page, files.garbage), { timeout: 10_000 }).toBe(true);
        await page.close();
      });

      it("the plan's Apply is in view when the plan appears, and Undo says what was put back", async () => {
        const page = await openApp(ui, { hash: '#bundles', viewport: size, lang });
        await scanned(page);
        const panel = await openPanel(page, files.pip);
        await panel.getByRole('button', { name: say.refresh }).click();
        await expect.poll(() => panel.locator('[data-testid="plan"]').count(), { timeout: 30_000 }).toBe(1);
        await expect
          .poll(() => inView(page, 'aside.details .card-inner .actions .button.primary'), { timeout: 10_000 })
          .toBe(true);
        await shoot(page, `bundles-plan-${size}`, lang, { fold: true });
        await panel.getByRole('button', { name: say.apply, exact: true }).click();
        const undo = panel.getByRole('button', { name: say.undo, exact: true });
        await expect.poll(() => undo.count(), { timeout: 60_000 }).toBe(1);
        await undo.click();
        const message = panel.locator('[data-testid="undone"]');
        await expect.poll(() => message.count(), { timeout: 60_000 }).toBe(1);
        expect(await message.getAttribute('role')).toBe('status');
        expect(await message.textContent()).toMatch(say.undone);
        expect(await focused(page)).not.toBe('body');
        await shoot(page, `bundles-undone-${size}`, lang, { fold: true });
        await page.close();
      });
    });
  }
}

describe.skipIf(!haveChromium)('the bundles screen in dark mode', () => {
  let ui: RunningUi;
  beforeAll(async () => {
    ui = await start('dark');
  }, 60_000);
  afterAll(async () => {
    if (ui) await forgetApp(ui);
    await ui?.stop();
  });

  it('is axe clean with the panel open', async () => {
    const page = await openApp(ui, { hash: '#bundles', viewport: 'narrow', colorScheme: 'dark' });
    await scanned(page);
    await openPanel(page, files.pip);
    await shoot(page, 'bundles-details-dark', 'en', { fold: true });
    await page.close();
  });
});

describe.skipIf(!haveChromium)('the counters of a long walk', () => {
  let ui: RunningUi;
  let long: string;
  beforeAll(async () => {
    long = join(work, 'long');
    // Many folders, one small file each: the walk reads thousands of folders, then judges the files.
    await makeLongTree(long, 1500, 1);
    ui = await startUi([
      '--root',
      long,
      '--data-dir',
      join(work, 'data-long'),
      '--only-python',
      '--reference',
      NODE24,
      '--at',
      '2026-12-03',
    ]);
  }, 300_000);
  afterAll(async () => {
    if (ui) await forgetApp(ui);
    await ui?.stop();
  });

  for (const lang of LANGS) {
    for (const size of SIZES) {
      it(`count the folders read while the scan runs (${lang}, ${size})`, { timeout: 180_000 }, async () => {
        const page = await openApp(ui, { hash: '#bundles', viewport: size, lang });
        const progress = page.locator('.scan-progress');
        // The first page's visit started the scan; later ones start another after the last was cancelled.
        await expect
          .poll(
            async () =>
              (await progress.count()) + (await page.locator('[data-testid="scan-summary"], .screen .empty').count()),
            { timeout: 30_000 },
          )
          .toBeGreaterThan(0);
        if ((await progress.count()) === 0) await page.locator('.screen-head .button.primary').click();
        const folders = async (): Promise<number> => {
          if ((await progress.count()) === 0) return -1; // not running (any more): never counts as seen
          const m = textOf(lang).walked.exec((await progress.textContent().catch(() => '')) ?? '');
          return m ? Number(m[1]!.replace(/,/g, '')) : 0;
        };
        await expect.poll(folders, { timeout: 120_000, interval: 100 }).toBeGreaterThan(0);
        // Seen; stop the scan for the next page (it may have finished on its own meanwhile).
        await progress
          .getByRole('button')
          .click({ timeout: 5_000 })
          .catch(() => undefined);
        await expect.poll(() => progress.count(), { timeout: 120_000 }).toBe(0);
        await page.close();
      });
    }
  }
});

function textOf(lang: Lang): (typeof TEXT)[Lang] {
  return TEXT[lang];
}
