// Windows lane 8: the app server as a Windows program. `trustfix ui --no-open --port 0` prints its
// one-time link on the first stdout line (to a file: a Windows Node cannot write to a Linux pipe);
// the link is opened from the Linux side over 127.0.0.1 (Wine's sockets are the host's), then the
// page and one API answer are checked with the cookie the link gave.
import { execa } from 'execa';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { FIXTURES } from '../helpers/cli.ts';
import { WINE64, fdOf, toWin, wineEnv } from './wine.ts';

const lane = inject('lane');

describe.skipIf(!!lane.skip)(
  lane.skip
    ? `Windows lane: the app server (skipped: ${lane.skip})`
    : 'Windows lane: the app server (trustfix ui) as a Windows program',
  () => {
    let child: (Promise<unknown> & { kill(signal?: NodeJS.Signals): boolean }) | undefined;
    afterAll(async () => {
      child?.kill('SIGTERM');
      await child?.catch(() => {});
    });

    it('prints its link; the link opens the page; the API answers with the cookie', async () => {
      const out = join(lane.dir, 'out', 'ui.stdout');
      mkdirSync(join(lane.dir, 'out'), { recursive: true });
      const outFd = openSync(out, 'w');
      const errFd = openSync(`${out}.err`, 'w');
      const proc = execa(
        WINE64,
        [
          lane.node,
          toWin(lane.entry),
          'ui',
          '--no-open',
          '--no-disk',
          '--only-python',
          '--root',
          toWin(FIXTURES),
          '--data-dir',
          'C:\\lane\\data-ui',
        ],
        {
          env: wineEnv(lane, { TRUSTFIX_LANG: 'en' }),
          extendEnv: false,
          // File descriptors: a Windows Node fails on a pipe (EBADF).
          stdio: ['ignore', fdOf(outFd), fdOf(errFd)],
          reject: false,
          timeout: 200_000,
          forceKillAfterDelay: 5_000,
        },
      );
      child = proc;
      let exited = false;
      void proc.then(() => (exited = true));
      let link = '';
      for (let i = 0; i < 120 && !link; i++) {
        await new Promise((r) => setTimeout(r, 1000));
        const text = existsSync(out) ? readFileSync(out, 'utf8') : '';
        if (text.includes('\n')) link = text.split(/\r?\n/)[0]!.trim();
        if (exited) break;
      }
      expect(link, existsSync(`${out}.err`) ? readFileSync(`${out}.err`, 'utf8') : '').toMatch(
        /^http:\/\/127\.0\.0\.1:\d+\/open\/\S+$/,
      );
      const origin = new URL(link).origin;

      const opened = await fetch(link, { redirect: 'manual' });
      expect(opened.status).toBe(303);
      const cookie = (opened.headers.get('set-cookie') ?? '').split(';')[0]!;
      expect(cookie).toMatch(/=/);

      const page = await fetch(`${origin}/`, { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<html/i);

      const api = await fetch(`${origin}/api/settings.get`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(api.status).toBe(200);
      expect(await api.json()).toMatchObject({ ok: true });

      // Without the cookie the API refuses.
      expect(
        (
          await fetch(`${origin}/api/settings.get`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{}',
          })
        ).status,
      ).toBe(401);
    });
  },
);
