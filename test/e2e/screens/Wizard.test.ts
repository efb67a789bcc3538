// Issue 15, "Fix my Python SSL": what people stumbled on in the wizard, each in English and Chinese,
// at both window sizes. The diagnosis says each cause once with who it affects (not a card per
// interpreter and client); a server that sends only its own certificate is described as such (the
// intermediate is not called a root); when the root is not sent, the user adds the root file IT gave
// them, confirms its SHA-256 and the plan adds it; focus follows each step to its heading, in view,
// and the log heading says when the work is done. One full run per case is driven by the keyboard
// alone (Tab, Shift+Tab, Enter, Space); axe runs on every step; screenshots go to test-results/screenshots.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileChooser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUi, type RunningUi } from '../../helpers/uiServer.ts';
import {
  axeClean,
  closeBrowser,
  focused,
  forgetApp,
  haveChromium,
  inView,
  launchBrowser,
  openApp,
  shoot,
  type Lang,
  type ViewportName,
} from '../../helpers/uiPage.ts';
import { makeRootFileFixture, type RootFileFixture } from '../../helpers/rootFileFixture.ts';
import { makeWizardFixture, type WizardFixture } from '../../helpers/wizardFixture.ts';

const RUNS: Array<{ lang: Lang; viewport: ViewportName; colorScheme?: 'dark' }> = [
  { lang: 'en', viewport: 'wide' },
  { lang: 'zh-CN', viewport: 'narrow' },
  { lang: 'en', viewport: 'narrow', colorScheme: 'dark' },
  { lang: 'zh-CN', viewport: 'wide' },
];

const TEXT = {
  en: {
    diagnose: /^Diagnose$/,
    makePlan: /^Plan the repair$/,
    sentRoot: /private root TrustFix Test Root/g,
    leafOnly: /sends only its own certificate/,
    chainOrBoth: /needs both/,
    notRoot: /root certificate of TrustFix Test CA|TrustFix Test CA, which is trusted nowhere/,
    nothing: /Nothing on this machine needs to change/,
    rootFile: /I have the root certificate file/,
    planWithRoot: /^Plan with this root$/,
    apply: /^Apply$/,
    fixed: /re-check passes/,
    undo: /^Undo$/,
    applying: /Applying/,
    applied: /^h2#wizard-apply-title Applied/,
    putBack: /^h2#wizard-apply-title Put back/,
    confirmPutBack: /^button Put back$/,
  },
  'zh-CN': {
    diagnose: /^诊断$/,
    makePlan: /^制定修复计划$/,
    sentRoot: /私有根证书 TrustFix Test Root/g,
    leafOnly: /只发送了它自己的证书/,
    chainOrBoth: /两者都/,
    notRoot: /TrustFix Test CA 的根证书|指向 TrustFix Test CA/,
    nothing: /本机无需为此做任何更改/,
    rootFile: /我有根证书文件/,
    planWithRoot: /^用这个根证书制定计划$/,
    apply: /^应用$/,
    fixed: /重新检查时每个解释器都通过/,
    undo: /^撤销$/,
    applying: /正在应用/,
    applied: /^h2#wizard-apply-title 已应用/,
    putBack: /^h2#wizard-apply-title 已还原/,
    confirmPutBack: /^button 恢复$/,
  },
} as const;

const grouped = (fp: string): string => fp.toUpperCase().match(/.{2}/g)!.join(':');

/** Presses Tab (or Shift+Tab) until the focused element matches, as a keyboard user would. */
async function tabTo(page: Page, what: RegExp, back = false): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if (what.test(await focused(page))) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  expect(await focused(page)).toMatch(what);
}

/** Space on the focused file input opens the file dialog. On a machine busy with other test files, the
 * dialog once did not open within 30 s of the key (CI, one run in four); a person would press again,
 * and so does this, on the same focused input, three times at most. */
async function chooserBySpace(page: Page): Promise<FileChooser> {
  for (let attempt = 1; ; attempt++) {
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser', { timeout: 15_000 }).catch((error: unknown) => {
        if (attempt >= 3) throw error;
        return undefined;
      }),
      page.keyboard.press('Space'),
    ]);
    if (chooser) return chooser;
    expect(await focused(page)).toMatch(/^input#root-file-input/);
  }
}

/** Focus is on the step's heading and the heading is in the window. */
async function headingFocused(page: Page, id: string, text: RegExp = /./, timeout = 90_000): Promise<void> {
  await expect
    .poll(() => focused(page), { timeout })
    .toMatch(new RegExp(`^h2#${id} ${text.source.replace(/^\^h2#[\w-]+ /, '')}`));
  expect(await inView(page, `#${id}`)).toBe(true);
}

const diagnosisCard = (page: Page) => page.locator('.card', { has: page.locator('[data-testid="diagnosis"]') });
const planCard = (page: Page) => page.locator('.card', { has: page.locator('[data-testid="plan"]') });

const buttonNamed = (re: RegExp): RegExp => new RegExp(`^button ${re.source.replace(/^\^|\$$/g, '')}`);

beforeAll(async () => {
  if (haveChromium) await launchBrowser();
});
afterAll(closeBrowser);

describe.skipIf(!haveChromium)('the wizard says each cause once, with who it affects', () => {
  let ui: RunningUi;
  let work: string;
  let fx: WizardFixture;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'trustfix-ux-wizard-group-'));
    fx = await makeWizardFixture(work);
    const python = fx.python
      ? ['--python', fx.python, ...(fx.other ? ['--python', fx.other] : []), '--only-python']
      : [];
    ui = await startUi(['--data-dir', join(work, 'data'), ...python], fx.env);
  }, 600_000);
  afterAll(async () => {
    if (ui) await forgetApp(ui);
    await ui?.stop();
    await fx?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  for (const run of RUNS) {
    it(
      `one card per cause listing both interpreters and their clients (${run.lang}, ${run.viewport})`,
      { timeout: 180_000 },
      async (t) => {
        if (!fx.python || !fx.other) t.skip(fx.skip ?? 'no venv Python');
        const text = TEXT[run.lang];
        const page = await openApp(ui, {
          hash: '#wizard',
          viewport: run.viewport,
          lang: run.lang,
          ...(run.colorScheme ? { colorScheme: run.colorScheme } : {}),
        });
        await page.locator('#wizard-input').fill(`https://127.0.0.1:${fx.port}/`);
        await expect
          .poll(() => page.locator('.pythons-choice input[type="checkbox"]:checked').count(), { timeout: 60_000 })
          .toBe(2);
        await page.getByRole('button', { name: text.diagnose }).click();
        await expect
          .poll(() => page.locator('[data-testid="diagnosis"] tbody tr[data-ok="false"]').count(), { timeout: 90_000 })
          .toBe(4);
        // Four failing clients in two interpreters, one cause: its sentence is said once.
        const card = diagnosisCard(page);
        const said = (await card.innerText()).match(text.sentRoot) ?? [];
        expect(said.length).toBe(1);
        const causes = page.locator('[data-testid="causes"] > li');
        expect(await causes.count()).toBe(1);
        const cause = await causes.first().innerText();
        for (const who of [fx.python!, fx.other!, 'urllib', 'requests', 'pip']) expect(cause).toContain(who);
        await shoot(page, `ux-wizard-causes-${run.viewport}${run.colorScheme ? '-dark' : ''}`, run.lang);
        await page.close();
      },
    );
  }
});

describe.skipIf(!haveChromium)('the wizard when the server sends only its own certificate and no root', () => {
  let ui: RunningUi;
  let work: string;
  let fx: RootFileFixture;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'trustfix-ux-wizard-root-'));
    fx = await makeRootFileFixture(work);
    if (fx.python)
      ui = await startUi(
        ['--data-dir', join(work, 'data'), '--python', fx.python, '--only-python', '--system-store', fx.systemStore],
        fx.env,
      );
  }, 600_000);
  afterAll(async () => {
    if (ui) await forgetApp(ui);
    await ui?.stop();
    await fx?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  for (const run of RUNS) {
    it(
      `says the server sends only its own certificate, never calls the intermediate a root (${run.lang}, ${run.viewport})`,
      { timeout: 180_000 },
      async (t) => {
        if (!fx.python) t.skip(fx.skip ?? 'no venv Python');
        const text = TEXT[run.lang];
        const page = await openApp(ui, { hash: '#wizard', viewport: run.viewport, lang: run.lang });
        await page.locator('#wizard-input').fill(fx.url);
        await expect
          .poll(() => page.locator('.pythons-choice input[type="checkbox"]:checked').count(), { timeout: 60_000 })
          .toBe(1);
        await page.getByRole('button', { name: text.diagnose }).click();
        await expect
          .poll(() => page.locator('[data-testid="diagnosis"] tbody tr[data-ok="false"]').count(), { timeout: 90_000 })
          .toBeGreaterThan(0);
        const diagnosis = await diagnosisCard(page).innerText();
        expect(diagnosis).toMatch(text.leafOnly);
        expect(diagnosis).toMatch(text.chainOrBoth);
        expect(diagnosis).not.toMatch(text.notRoot);
        await axeClean(page, `leaf-only diagnosis ${run.lang} ${run.viewport}`);
        await page.getByRole('button', { name: text.makePlan }).click();
        await expect.poll(() => page.locator('[data-testid="plan"]').count(), { timeout: 60_000 }).toBe(1);
        const plan = await planCard(page).innerText();
        expect(plan).not.toMatch(text.notRoot);
        expect(plan).toMatch(text.leafOnly);
        await axeClean(page, `leaf-only plan ${run.lang} ${run.viewport}`);
        await page.close();
      },
    );

    it(
      `keyboard only: adds the root file IT gave, confirmed by its SHA-256; focus follows each step (${run.lang}, ${run.viewport}${run.colorScheme ? ', dark' : ''})`,
      { timeout: 400_000 },
      async (t) => {
        if (!fx.python) t.skip(fx.skip ?? 'no venv Python');
        const text = TEXT[run.lang];
        const shot = (name: string): Promise<void> =>
          shoot(page, `ux-wizard-root-${name}-${run.viewport}${run.colorScheme ? '-dark' : ''}`, run.lang);
        const page = await openApp(ui, {
          hash: '#wizard',
          viewport: run.viewport,
          lang: run.lang,
          ...(run.colorScheme ? { colorScheme: run.colorScheme } : {}),
        });
        await expect
          .poll(() => page.locator('.pythons-choice input[type="checkbox"]:checked').count(), { timeout: 60_000 })
          .toBe(1);
        expect(await fx.urllibWorks()).toBe(false);

        // 1) Describe: type the address, Tab to Diagnose, Enter.
        await tabTo(page, /^textarea#wizard-input/);
        await page.keyboard.type(fx.url);
        await tabTo(page, buttonNamed(text.diagnose));
        await axeClean(page, 'describe');
        await page.keyboard.press('Enter');

        // 2) Diagnosis: focus on its heading, in view.
        await headingFocused(page, 'wizard-diagnosis-title');
        await shot('diagnosis');

        // 3) The plan: nothing can be planned from this machine or the server, and the wizard says how
        // to go on instead of "nothing needs to change".
        await tabTo(page, buttonNamed(text.makePlan));
        await page.keyboard.press('Enter');
        await headingFocused(page, 'wizard-plan-title');
        const offer = page.locator('[data-testid="root-file"]');
        expect(await offer.innerText()).toMatch(text.rootFile);
        expect(await planCard(page).innerText()).not.toMatch(text.nothing);
        await shot('offer');

        // The file input opens the system's file dialog from the keyboard (Space); the test answers it.
        await tabTo(page, /^input#root-file-input/);
        const chooser = await chooserBySpace(page);
        await chooser.setFiles(fx.rootFile);
        await expect
          .poll(() => offer.locator('code.fingerprint').allInnerTexts(), { timeout: 30_000 })
          .toEqual([grouped(fx.intermediateFingerprint), grouped(fx.rootFingerprint)]);
        expect(await offer.locator('.cert-name').allInnerTexts()).toEqual([fx.intermediateName, fx.rootName]);
        await axeClean(page, 'root file read');
        await shot('confirm');
        // Not confirmed: nothing to plan with yet.
        await tabTo(page, /^input#root-file-confirm/);
        await page.keyboard.press('Space');
        expect(await page.locator('#root-file-confirm').isChecked()).toBe(true);
        await tabTo(page, buttonNamed(text.planWithRoot));
        await tabTo(page, /^input#root-file-confirm/, true);
        expect(await page.locator('#root-file-confirm').isChecked()).toBe(true);
        await tabTo(page, buttonNamed(text.planWithRoot));
        await page.keyboard.press('Enter');

        // The plan now adds the two certificates for this interpreter alone.
        await expect.poll(() => page.locator('.plan-steps .plan-step').count(), { timeout: 60_000 }).toBe(1);
        await headingFocused(page, 'wizard-plan-title');
        expect(await page.locator('[data-testid="confirmed"]').innerText()).toContain(fx.rootName);
        await shot('plan');

        // 4) Apply: focus on the result's heading, which says it is done.
        await tabTo(page, buttonNamed(text.apply));
        await page.keyboard.press('Enter');
        await headingFocused(page, 'wizard-apply-title', text.applied, 180_000);
        expect(await page.locator('[data-testid="apply-result"]').innerText()).toMatch(text.fixed);
        expect(await inView(page, '[data-testid="apply-result"]')).toBe(true);
        expect(await page.locator('#wizard-apply-title').innerText()).not.toMatch(text.applying);
        expect(await fx.urllibWorks()).toBe(true);
        await shot('applied');

        // Undo: focus on the heading again, which says what happened.
        await tabTo(page, buttonNamed(text.undo));
        await page.keyboard.press('Enter');
        // Undo asks first (ConfirmUndo): focus starts on Cancel; Tab, then Enter on "Put back".
        await expect.poll(() => page.locator('dialog.confirm-undo[open]').count(), { timeout: 30_000 }).toBe(1);
        await expect
          .poll(() => page.locator('dialog.confirm-undo button.primary').isEnabled(), { timeout: 30_000 })
          .toBe(true);
        await page.keyboard.press('Tab');
        expect(await focused(page)).toMatch(text.confirmPutBack);
        await page.keyboard.press('Enter');
        // The re-check after Undo fails again; its column is not the apply's re-check left standing.
        await expect
          .poll(() => page.locator('[data-testid="diagnosis"] tbody tr[data-after-ok="false"]').count(), {
            timeout: 180_000,
          })
          .toBe(1);
        expect(await page.locator('[data-testid="diagnosis"] tbody tr[data-after-ok="true"]').count()).toBe(0);
        await headingFocused(page, 'wizard-apply-title', text.putBack);
        expect(await page.locator('[data-testid="apply-log"] li.log-putBack').count()).toBe(1);
        expect(await page.locator('[data-testid="apply-log"] li.log-done').count()).toBe(0);
        expect(await fx.urllibWorks()).toBe(false);
        await shot('undone');
        await page.close();
      },
    );
  }
});
