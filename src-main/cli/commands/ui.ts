// `trustfix ui`: the app in a browser, for Linux servers and headless machines (and how the
// end-to-end tests drive the real app). First stdout line: a link for a person to paste,
// http://127.0.0.1:PORT/open/CODE, that opens the app once within PASTE_LINK_MINUTES. The browser
// TrustFix starts gets another link of its own (so the printed one still works if that browser used
// its link), and the session's token is never printed nor passed to another program.
import { Command, Option } from '@commander-js/extra-typings';
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LINK_TTL_MS, startUiServer } from '../../api/httpServer.ts';
import { createSession } from '../../api/session.ts';
import { resolveDataDir } from '../../core/dataDir.ts';
import { platformFor } from '../../core/platform/index.ts';
import type { GlobalOptions } from '../globalOptions.ts';
import { t } from '../i18n.ts';
import { msg, Problem } from '../../core/messages.ts';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** dist/renderer next to the sources (src-main/cli/commands) or next to the build (dist/src-main/...). */
export function rendererDir(): string {
  const candidates = [
    process.env.TRUSTFIX_RENDERER_DIR,
    fileURLToPath(new URL('../../../dist/renderer/', import.meta.url)),
    fileURLToPath(new URL('../../../renderer/', import.meta.url)),
  ].filter((p): p is string => Boolean(p));
  return candidates.find((dir) => existsSync(resolve(dir, 'index.html'))) ?? candidates[candidates.length - 1] ?? '';
}

/** Time to copy the printed link into a browser (on a server, through an SSH tunnel, say). */
export const PASTE_LINK_MINUTES = 10;

/** The OS's opener with a one-time link as its only argument: what `ps` shows is worth one visit,
 * for LINK_TTL_MS, and nothing once the browser has used it. */
export function openBrowser(url: string): void {
  const { file, args } = platformFor().openUrl(url);
  try {
    const child = execa(file, args, { detached: true, stdio: 'ignore', reject: false, timeout: 30_000 });
    child.catch(() => {});
    (child as unknown as { unref(): void }).unref();
  } catch {}
}

export function uiCommand() {
  return new Command('ui')
    .description('serve the app on 127.0.0.1 and open it in the default browser')
    .option('--root <dir>', 'scan this folder (repeatable) instead of the whole disk', collect)
    .option('--no-disk', 'known places only: no walk of the disk')
    .option('--python <exe>', 'also look at this interpreter (repeatable)', collect)
    .option('--only-python', 'only the interpreters named with --python (no discovery of the others)')
    .addOption(
      new Option('--port <n>', 'listen on this port (default: a random free one)').argParser((v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Problem(msg('app:ui.badPort', { value: v }));
        return n;
      }),
    )
    .option('--no-open', 'do not open the browser; just print the URL')
    .action(async (options, command) => {
      const opts = command.optsWithGlobals() as GlobalOptions & typeof options;
      const dir = rendererDir();
      if (!existsSync(resolve(dir, 'index.html'))) throw new Problem(msg('app:ui.noRenderer', { dir }));
      const session = await createSession({
        dataDir: resolveDataDir(opts.dataDir),
        roots: (options.root ?? []).map((r) => resolve(r)),
        noDisk: options.disk === false,
        pythons: options.python ?? [],
        onlyPython: options.onlyPython === true,
        ...(opts.reference ? { referenceFile: resolve(opts.reference) } : {}),
        ...(opts.systemStore ? { systemStoreFile: resolve(opts.systemStore) } : {}),
        ...(opts.at ? { at: opts.at } : {}),
        shell: 'browser',
      });
      let warned = false;
      const onReusedCode = (): void => {
        if (!warned) process.stderr.write(`${t('app:ui.linkReused')}\n`);
        warned = true;
      };
      const server = await startUiServer({
        session,
        rendererDir: dir,
        onReusedCode,
        ...(options.port !== undefined ? { port: options.port } : {}),
      });
      process.stdout.write(`${server.openLink(PASTE_LINK_MINUTES * 60_000)}\n`);
      process.stderr.write(`${t('app:ui.running')}\n${t('app:ui.linkOnce', { minutes: PASTE_LINK_MINUTES })}\n`);
      if (options.open !== false) openBrowser(server.openLink(LINK_TTL_MS));
      await new Promise<void>((done) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          session.scan?.controller.abort();
          void server.close().then(done);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
