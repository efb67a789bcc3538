// What every Playwright test of the app does with a page: one browser per file, one browser context
// per run of `trustfix ui` (its one-time link sets the cookie once), the two window sizes issue 15
// asks for, moving between screens, switching language, axe, screenshots a person opens, and the
// check that no English is left on a Chinese screen. Tests say what they assert; this says how to get there.
import AxeBuilder from '@axe-core/playwright';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, ensureRenderer, ROOT, type RunningUi } from './uiServer.ts';

export const SHOTS = join(ROOT, 'test-results/screenshots');
export const haveChromium = existsSync(CHROMIUM);
export type Lang = 'en' | 'zh-CN';
export const LANGS: readonly Lang[] = ['en', 'zh-CN'];
/** The two window sizes the app is judged at: a laptop's and a small window's. */
export const VIEWPORTS = { wide: { width: 1280, height: 800 }, narrow: { width: 1024, height: 700 } } as const;
export type ViewportName = keyof typeof VIEWPORTS;

let browser: Browser | undefined;
/** Launches Debian's Chromium once per test file (call from beforeAll; closeBrowser in afterAll). */
export async function launchBrowser(): Promise<Browser> {
  await ensureRenderer();
  await mkdir(SHOTS, { recursive: true });
  browser ??= await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  return browser;
}
export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

const contexts = new Map<string, BrowserContext>();
/** A page of the app at `hash`, in English, at the given size. The first page for a run of
 * `trustfix ui` uses its printed link (it works once); later ones reuse that browser's cookie. */
export async function openApp(
  ui: RunningUi,
  opts: { hash?: string; viewport?: ViewportName; colorScheme?: 'light' | 'dark'; lang?: Lang } = {},
): Promise<Page> {
  if (!browser) throw new Error('launchBrowser() first');
  const viewport = VIEWPORTS[opts.viewport ?? 'wide'];
  const key = `${ui.origin} ${opts.viewport ?? 'wide'} ${opts.colorScheme ?? 'light'}`;
  let context = contexts.get(key);
  if (!context) {
    // bypassCSP only so that screenshots can unfold the scrolling main area (see shoot()).
    context = await browser.newContext({ viewport, bypassCSP: true, colorScheme: opts.colorScheme ?? 'light' });
    const first = await context.newPage();
    await first.goto(ui.url);
    if (first.url() !== `${ui.origin}/`) {
      // The link was used by another context of this run: copy the cookie it left.
      const donor = [...contexts.entries()].find(([k]) => k.startsWith(`${ui.origin} `))?.[1];
      if (!donor) throw new Error(`the link did not open the app: ${first.url()}`);
      await context.addCookies(await donor.cookies(ui.origin));
    }
    await first.close();
    contexts.set(key, context);
  }
  // Every page starts in the language asked for (English unless said), whatever the one before left.
  expect(
    (await context.request.post(`${ui.origin}/api/settings.set`, { data: { language: opts.lang ?? 'en' } })).status(),
  ).toBe(200);
  const page = await context.newPage();
  await page.goto(`${ui.origin}/${opts.hash ?? ''}`);
  await expect
    .poll(() => page.evaluate(() => document.documentElement.lang), { timeout: 20_000 })
    .toBe(opts.lang ?? 'en');
  return page;
}
/** Forget the contexts of a run that stopped (call before ui.stop()). */
export async function forgetApp(ui: RunningUi): Promise<void> {
  for (const [key, context] of contexts) {
    if (!key.startsWith(`${ui.origin} `)) continue;
    await context.close();
    contexts.delete(key);
  }
}

export const goTo = (page: Page, screen: string) => page.locator(`button[data-screen="${screen}"]`).click();

export async function setLanguage(page: Page, lang: Lang): Promise<void> {
  await goTo(page, 'settings');
  await page.locator('#set-language').selectOption(lang);
  await expect.poll(() => page.evaluate(() => document.documentElement.lang), { timeout: 20_000 }).toBe(lang);
}

/** No serious or critical axe violation on what the page shows now. */
export async function axeClean(page: Page, where: string): Promise<void> {
  const axe = await new AxeBuilder({ page }).analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${where}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/** The tag of the active element, with its id, class or role: where keyboard focus is. */
export const focused = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} ${el.textContent?.trim().slice(0, 60) ?? ''}`;
  });

/** Whether the element is inside the window as it is scrolled now (not below the fold). */
export const inView = (page: Page, selector: string): Promise<boolean> =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight && r.bottom > 0;
    });

/** A screenshot of the whole screen (the scrolling main area unfolded) at
 * test-results/screenshots/<lang>-<name>.png, then axe on it, and for Chinese, no English left. */
export async function shoot(page: Page, name: string, lang: Lang, opts: { fold?: boolean } = {}): Promise<void> {
  if (!opts.fold) {
    await page.evaluate(() => {
      const style = document.createElement('style');
      style.id = 'unfold-for-screenshot';
      style.textContent = '.app{height:auto!important;min-height:100vh}.content{overflow:visible!important}';
      document.head.append(style);
    });
  }
  await page.screenshot({ path: join(SHOTS, `${lang}-${name}.png`), fullPage: !opts.fold });
  await page.evaluate(() => document.getElementById('unfold-for-screenshot')?.remove());
  await axeClean(page, `${name}/${lang}`);
  if (lang === 'zh-CN') expect(await englishLeft(page), `English left on ${name}`).toEqual([]);
}

/** Words of three or more Latin letters outside paths, code and names that stay as they are. */
export async function englishLeft(page: Page): Promise<string[]> {
  const KEEP = new Set([
    'TrustFix',
    'Python',
    'SSL',
    'PEM',
    'SHA',
    'pip',
    'urllib',
    'requests',
    'twine',
    'certifi',
    'truststore',
    'Mozilla',
    'Node',
    'macOS',
    'JSON',
    'HTTP',
    'HTTPS',
    'URL',
    'https',
    'http',
    'AIA',
    'verify',
    'False',
    'PYTHONHTTPSVERIFY',
    'trusted',
    'host',
    'create',
    'unverified',
    'context',
    'English',
    'SSLCertVerificationError',
    'CERTIFICATE',
    'VERIFY',
    'FAILED',
    'SSL_CERT_FILE',
    'REQUESTS_CA_BUNDLE',
    'cert',
    'ca',
    'certificates',
    'CA',
    'OS',
    'js',
    'com',
    'example',
    'simple',
    'Ctrl',
    'reference',
    'pypi',
    'python',
    'ssl',
    // Python's folder name, and the library's.
    'site',
    'packages',
    'OpenSSL',
    // The test's own PKI: certificate names are data, shown as the certificate says them.
    'Test',
    'Root',
    'localhost',
  ]);
  const text = await page.evaluate(() => {
    const skip = '.path, .details-path, .cert-name, code, pre, textarea, [lang="en"], .brand';
    const out: string[] = [];
    const walker = document.createTreeWalker(document.querySelector('.app') ?? document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest(skip) || el.closest('[aria-hidden="true"]')) continue;
      if (el.closest('option') && !el.closest('option')?.selected) continue;
      out.push(n.textContent ?? '');
    }
    for (const el of document.querySelectorAll<HTMLElement>('[placeholder], [aria-label]'))
      out.push(el.getAttribute('aria-label') ?? '', el.getAttribute('placeholder') ?? '');
    return out.join(' ');
  });
  // So are environment variable names (SSL_CERT_FILE), paths inside sentences ("追加到 /tmp/…/cacert.pem"),
  // history ids (20261203-155456-4bcc: a random hex tail once read as the English word "bcc") and
  // hex fingerprints.
  // Paths first: a hex run inside a file name must not split the path and leave its extension behind.
  const withoutPaths = text
    .replace(/(?:[A-Za-z]:)?[\\/][^\s,，。；)）]*/g, ' ')
    .replace(/\b\d{8}-\d{6}-[0-9a-f]{4}\b/g, ' ')
    .replace(/\b[0-9a-f]{8,}\b/gi, ' ')
    .replace(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g, ' ');
  return [...new Set(withoutPaths.match(/[A-Za-z]{3,}/g) ?? [])].filter((w) => !KEEP.has(w));
}
