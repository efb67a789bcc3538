// Issue 15, "the app a person enjoys", outside the wizard: Undo (History, the wizard, a Pythons row)
// first says what it will put back (what each change did, how it is taken back, which files, whether
// it asks for administrator rights) in a dialog run from the keyboard (focus moves in, Tab, Escape
// cancels and focus returns to Undo, Enter puts back), then a status says what was put back. A long
// History with nothing left to undo stays axe clean (no scrolling region a keyboard cannot reach). The Pythons screen says in words what put each source in force, and each row
// can check a host with that Python (the wizard opens with it chosen) and use the system's
// certificate store (planned, applied, undone in place). In English and Chinese, at 1280x800 and
// 1024x700; one run in dark mode.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, trustfix } from '../../helpers/cli.ts';
import { startUi, type RunningUi } from '../../helpers/uiServer.ts';
import {
  axeClean,
  closeBrowser,
  focused,
  forgetApp,
  haveChromium,
  LANGS,
  launchBrowser,
  openApp,
  shoot,
  type Lang,
  type ViewportName,
} from '../../helpers/uiPage.ts';
import { makeWizardFixture, type WizardFixture } from '../../helpers/wizardFixture.ts';

const SIZES: readonly ViewportName[] = ['wide', 'narrow'];
const LOCAL_INDEX: Record<string, string> = existsSync('/opt/pypi/simple')
  ? { PIP_INDEX_URL: 'file:///opt/pypi/simple' }
  : {};
const sha = async (path: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

const TEXT = {
  en: {
    undo: 'Undo',
    putBack: 'Put back',
    cancel: 'Cancel',
    noAdmin: 'It does not need administrator rights.',
    done: 'Put back, byte for byte',
    how: 'put back the exact previous bytes of',
    pipWords: "pip's own copy of certifi",
    envWords: 'The environment variable SSL_CERT_FILE points here.',
    truststoreWords: 'truststore, started with Python',
    checkHost: 'Check a host with this Python',
    useOsStore: "Use the system's certificate store",
    apply: 'Apply',
    applied: 'now uses the system',
    undoPth: 'uninstall truststore',
  },
  'zh-CN': {
    undo: '撤销',
    putBack: '恢复',
    cancel: '取消',
    noAdmin: '不需要管理员权限。',
    done: '已逐字节恢复',
    how: '逐字节恢复',
    pipWords: 'pip 自带的 certifi 副本',
    envWords: '环境变量 SSL_CERT_FILE 指向这里。',
    truststoreWords: '随 Python 启动的 truststore',
    checkHost: '用此 Python 检查一个主机',
    useOsStore: '使用系统证书库',
    apply: '应用',
    applied: '现在使用系统证书库',
    undoPth: '卸载 truststore',
  },
} as const;

beforeAll(async () => {
  if (haveChromium) await launchBrowser();
});
afterAll(closeBrowser);

describe.skipIf(!haveChromium)('Undo asks first; History and Pythons', () => {
  let ui: RunningUi;
  let work: string;
  let data: string;
  let fx: WizardFixture;
  let n = 0;

  /** A stale bundle of the test's own, refreshed by the CLI: a history entry Undo can take back. */
  async function refreshedByCli(): Promise<{ file: string; before: string }> {
    const file = join(work, 'bundles', `b${++n}`, 'cacert.pem');
    await mkdir(join(file, '..'), { recursive: true });
    await copyFile(join(FIXTURES, 'certifi-2016.02.28.pem'), file);
    const before = await sha(file);
    const r = await trustfix(['refresh', file, '--yes', '--data-dir', data], { env: { LANG: 'C.UTF-8' } });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await sha(file)).not.toBe(before);
    return { file, before };
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'trustfix-ux-elsewhere-'));
    data = join(work, 'data');
    fx = await makeWizardFixture(work);
    // A long history with nothing left to undo: fourteen repairs by the CLI, each taken back.
    for (let i = 0; i < 14; i++) await refreshedByCli();
    for (let i = 0; i < 14; i++) expect((await trustfix(['undo', '--yes', '--data-dir', data])).exitCode).toBe(0);
    const python = fx.python
      ? ['--python', fx.python, ...(fx.other ? ['--python', fx.other] : []), '--only-python']
      : [];
    ui = await startUi(['--data-dir', data, ...python], { ...fx.env, ...LOCAL_INDEX });
  }, 600_000);
  afterAll(async () => {
    if (ui) await forgetApp(ui);
    await ui?.stop();
    await fx?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  const open = (hash: string, lang: Lang, size: ViewportName): Promise<Page> =>
    openApp(ui, {
      hash,
      lang,
      viewport: size,
      ...(lang === 'zh-CN' && size === 'narrow' ? { colorScheme: 'dark' as const } : {}),
    });
  const entries = (page: Page) => page.locator('[data-testid="history"] > li[data-state]');
  const dialog = (page: Page) => page.locator('[data-testid="confirm-undo"]');

  for (const lang of LANGS) {
    for (const size of SIZES) {
      const say = TEXT[lang];

      it(
        `a long History with nothing to undo is axe clean and reachable by keyboard (${lang}, ${size})`,
        { timeout: 120_000 },
        async () => {
          const page = await open('#history', lang, size);
          await expect.poll(() => entries(page).count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(14);
          expect(await page.locator('[data-testid="history"] > li[data-state="applied"]').count()).toBe(0);
          // Longer than the window: the main area scrolls.
          expect(await page.locator('#main').evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
          await axeClean(page, `history-long/${size}/${lang}`);
          await shoot(page, `ux-history-long-${size}`, lang);
          await page.close();
        },
      );

      it(
        `Undo in History says what it will put back, Escape cancels, Enter puts back, and a status says what (${lang}, ${size})`,
        { timeout: 120_000 },
        async () => {
          const { file, before } = await refreshedByCli();
          const page = await open('#history', lang, size);
          const entry = page.locator('[data-testid="history"] > li[data-state="applied"]', { hasText: file });
          await expect.poll(() => entry.count(), { timeout: 30_000 }).toBe(1);
          const undo = entry.getByRole('button', { name: say.undo, exact: true });
          await undo.click();
          // The confirmation: its title and text name the dialog; it lists what the change did, how it is
          // put back, the file, and that no administrator rights are needed. Nothing changed yet.
          await expect.poll(() => dialog(page).isVisible(), { timeout: 20_000 }).toBe(true);
          expect(await dialog(page).getAttribute('aria-labelledby')).toBeTruthy();
          expect(await dialog(page).getAttribute('aria-describedby')).toBeTruthy();
          await expect
            .poll(() => dialog(page).locator('[data-testid="undo-actions"]').textContent(), { timeout: 20_000 })
            .toContain(file);
          expect(await dialog(page).textContent()).toContain(say.how);
          expect(await dialog(page).locator('[data-testid="undo-files"]').textContent()).toContain(file);
          expect(await dialog(page).textContent()).toContain(say.noAdmin);
          expect(await sha(file)).not.toBe(before);
          // Focus moved into the dialog, on Cancel; Tab reaches Put back.
          expect(await focused(page)).toContain(say.cancel);
          await axeClean(page, `confirm-undo/${size}/${lang}`);
          await shoot(page, `ux-undo-confirm-${size}`, lang, { fold: true });
          await page.keyboard.press('Tab');
          expect(await focused(page)).toContain(say.putBack);
          // Escape: nothing happens, and focus is back on this entry's Undo button.
          await page.keyboard.press('Escape');
          await expect.poll(() => dialog(page).isVisible(), { timeout: 10_000 }).toBe(false);
          expect(await focused(page)).toContain(say.undo);
          expect(await undo.evaluate((el) => el === document.activeElement)).toBe(true);
          expect(await sha(file)).not.toBe(before);
          // Enter on Undo asks again; Tab to Put back, Enter: the bytes are back and the status says so.
          await page.keyboard.press('Enter');
          await expect.poll(() => dialog(page).isVisible(), { timeout: 20_000 }).toBe(true);
          await page.keyboard.press('Tab');
          expect(await focused(page)).toContain(say.putBack);
          await page.keyboard.press('Enter');
          await expect.poll(() => sha(file), { timeout: 30_000 }).toBe(before);
          const status = page.locator('[data-testid="undo-status"]');
          await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain(say.done);
          expect(await status.textContent()).toContain(file);
          expect(await status.getAttribute('role')).toBe('status');
          await expect
            .poll(
              () =>
                page.locator('[data-testid="history"] > li[data-state]', { hasText: file }).getAttribute('data-state'),
              { timeout: 20_000 },
            )
            .toBe('undone');
          await shoot(page, `ux-history-put-back-${size}`, lang);
          await page.close();
        },
      );

      it(
        `Pythons says in words what put each source in force, and each row acts: check a host, use the system store (plan, apply, undo) (${lang}, ${size})`,
        { timeout: 240_000 },
        async (t) => {
          if (!fx.python || !fx.other) t.skip(fx.skip ?? 'no venv Python');
          const page = await open('#pythons', lang, size);
          const row = (python: string) =>
            page.locator('[data-testid="pythons"] tbody tr[data-python]', { hasText: python });
          await expect
            .poll(() => page.locator('[data-testid="pythons"] tbody tr[data-python]').count(), { timeout: 60_000 })
            .toBe(2);
          const venv = row(fx.python!);
          // Words, not codes: pip's own certifi; urllib steered by SSL_CERT_FILE.
          expect(await venv.locator('td[data-client="pip"]').textContent()).toContain(say.pipWords);
          expect(await venv.locator('td[data-client="urllib"]').textContent()).toContain(say.envWords);
          const table = (await page.locator('[data-testid="pythons"]').textContent()) ?? '';
          for (const code of ['pip-certifi', 'pip>=24.2', 'set by', '设置来源']) expect(table).not.toContain(code);
          await axeClean(page, `pythons/${size}/${lang}`);
          await shoot(page, `ux-pythons-${size}`, lang);

          // Use the system's certificate store: the plan in place, Apply, the result, Undo through the confirmation.
          await venv.getByRole('button', { name: say.useOsStore }).click();
          const plan = page.locator('[data-testid="python-plan"]');
          await expect.poll(() => plan.locator('.plan-step').count(), { timeout: 60_000 }).toBe(1);
          expect(await plan.textContent()).toContain(say.undoPth);
          await axeClean(page, `pythons-plan/${size}/${lang}`);
          await plan.getByRole('button', { name: say.apply, exact: true }).click();
          const result = plan.locator('[data-testid="python-result"]');
          await expect.poll(() => result.textContent(), { timeout: 120_000 }).toContain(say.applied);
          // The row is asked again: urllib now goes through truststore.
          await expect
            .poll(() => venv.locator('td[data-client="urllib"]').textContent(), { timeout: 60_000 })
            .toContain(say.truststoreWords);
          await shoot(page, `ux-pythons-applied-${size}`, lang);
          const undo = plan.getByRole('button', { name: say.undo, exact: true });
          await undo.focus();
          await page.keyboard.press('Enter');
          await expect.poll(() => dialog(page).isVisible(), { timeout: 20_000 }).toBe(true);
          await expect
            .poll(() => dialog(page).locator('[data-testid="undo-actions"]').textContent(), { timeout: 20_000 })
            .toContain(say.undoPth);
          await page.keyboard.press('Tab');
          expect(await focused(page)).toContain(say.putBack);
          await page.keyboard.press('Enter');
          await expect
            .poll(() => page.locator('[data-testid="undo-status"]').textContent(), { timeout: 120_000 })
            .toContain(say.done);
          await expect
            .poll(() => venv.locator('td[data-client="urllib"]').textContent(), { timeout: 60_000 })
            .toContain(say.envWords);
          await shoot(page, `ux-pythons-put-back-${size}`, lang);

          // Check a host with this Python: the wizard opens with that interpreter alone chosen.
          await row(fx.other!).getByRole('button', { name: say.checkHost }).click();
          await expect
            .poll(() => page.locator('button[data-screen="wizard"]').getAttribute('aria-current'), { timeout: 20_000 })
            .toBe('page');
          await expect
            .poll(() => page.locator('.pythons-choice input[type="checkbox"]').count(), { timeout: 60_000 })
            .toBe(2);
          await expect
            .poll(() => page.locator('.pythons-choice input[type="checkbox"]:checked').count(), { timeout: 20_000 })
            .toBe(1);
          expect(
            await page.locator('.pythons-choice label', { has: page.locator('input:checked') }).textContent(),
          ).toContain(fx.other);
          await page.close();
        },
      );
    }
  }
});
