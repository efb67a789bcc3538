// The same flows in the real Electron app, through Playwright's _electron. The Electron binary
// cannot be downloaded on the build machines (ELECTRON_SKIP_BINARY_DOWNLOAD=1): there these skip.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ensureRenderer, makeBundleTree, ROOT } from '../../helpers/uiServer.ts';
import { makeWizardFixture } from '../../helpers/wizardFixture.ts';

// Looks for the binary the way electron's index.js does, without calling it: on a machine without
// the binary that call starts a download, which the build machines have no network for.
function electronBinary(): string | undefined {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const relative = readFileSync(pathFile, 'utf8');
    const path = join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(dir, 'dist'), relative);
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}
const binary = electronBinary();

describe('the Electron app', () => {
  it.skipIf(!binary)(
    'opens on the app:// protocol, isolated, and scans from the bundles screen (skipped: Electron binary not installed)',
    async () => {
      await ensureRenderer();
      const work = await mkdtemp(join(tmpdir(), 'trustfix-electron-'));
      await makeBundleTree(join(work, 'tree'));
      const app = await electron.launch({
        executablePath: binary,
        args: [ROOT],
        env: { ...process.env, TRUSTFIX_DATA_DIR: join(work, 'data') } as Record<string, string>,
      });
      try {
        const page = await app.firstWindow();
        expect(page.url()).toMatch(/^app:\/\/trustfix\//);
        expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
        expect(await page.evaluate(() => Object.keys(window.trustfix ?? {}).sort())).toEqual(['invoke', 'on']);
        await page.locator('button[data-screen="bundles"]').click();
        await expect.poll(() => page.getByRole('heading', { name: 'CA bundles' }).count()).toBe(1);
      } finally {
        await app.close();
        await rm(work, { recursive: true, force: true });
      }
    },
  );

  it.skipIf(!binary)(
    'runs the wizard: fails, fingerprint confirmed, apply, re-check passes, undo, fails again (skipped: Electron binary not installed)',
    async () => {
      await ensureRenderer();
      const work = await mkdtemp(join(tmpdir(), 'trustfix-electron-wizard-'));
      const fx = await makeWizardFixture(work);
      if (!fx.python) return; // no venv Python: nothing to drive
      const app = await electron.launch({
        executablePath: binary,
        args: [ROOT, '--python', fx.python, '--only-python', '--root', join(work, 'trust')],
        env: { ...process.env, ...fx.env, TRUSTFIX_DATA_DIR: join(work, 'data') } as Record<string, string>,
      });
      try {
        const page = await app.firstWindow();
        await page.locator('#wizard-input').fill(`https://127.0.0.1:${fx.port}/`);
        await expect.poll(() => page.locator('.pythons-choice input:checked').count(), { timeout: 60_000 }).toBe(1);
        await page.getByRole('button', { name: 'Diagnose' }).click();
        await expect
          .poll(() => page.locator('[data-testid="diagnosis"] tbody tr[data-ok="false"]').count(), { timeout: 60_000 })
          .toBe(3);
        await page.getByRole('button', { name: 'Plan the repair' }).click();
        await page.locator('[data-testid="confirm"]').getByRole('checkbox').check();
        await page.locator('[data-testid="confirm"]').getByRole('button').click();
        await expect.poll(() => page.locator('.plan-step').count(), { timeout: 30_000 }).toBe(3);
        await page.getByRole('button', { name: 'Apply', exact: true }).click();
        await expect
          .poll(() => page.locator('[data-testid="diagnosis"] tbody tr[data-after-ok="true"]').count(), {
            timeout: 90_000,
          })
          .toBe(3);
        expect(await fx.requestsWorks()).toBe(true);
        await page.getByRole('button', { name: 'Undo', exact: true }).click();
        await page
          .locator('[data-testid="confirm-undo"]')
          .getByRole('button', { name: 'Put back', exact: true })
          .click();
        await expect
          .poll(() => page.locator('[data-testid="diagnosis"] tbody tr[data-after-ok="false"]').count(), {
            timeout: 60_000,
          })
          .toBe(3);
        expect(await fx.requestsWorks()).toBe(false);
      } finally {
        await app.close();
        await fx.close();
        await rm(work, { recursive: true, force: true });
      }
    },
  );
});
