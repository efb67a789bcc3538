// The Electron shell: one window showing the renderer from the app:// protocol, answering the API
// table over IPC for its own frame only. Thin by design: everything else is in api/ and core/.
import { app, BrowserWindow, ipcMain, protocol, session as electronSession, shell } from 'electron';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHANNELS } from '../api/channels.ts';
import { SECURITY_HEADERS } from '../api/csp.ts';
import { dispatch } from '../api/dispatch.ts';
import { resolve as resolvePath } from 'node:path';
import { createSession, type Session } from '../api/session.ts';
import { loadRenderer } from '../api/staticFiles.ts';
import { defaultDataDir } from '../core/dataDir.ts';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, isAppFrame, webPreferences } from './security.ts';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const rendererDir =
  [here('../../renderer/'), here('../../../dist/renderer/')].find((d) => existsSync(`${d}/index.html`)) ??
  here('../../renderer/');
const preload = here('./preload.cjs');

// One folder for the app and the CLI: Electron's userData follows core's data folder.
const dataDir = defaultDataDir();
app.setPath('userData', dataDir);
app.enableSandbox();

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

// The installed app's `trustfix` launcher (assets/cli) runs the CLI through the app binary, since
// the RunAsNode fuse is off: no window, no single-instance lock, exit with the CLI's code.
const cliAt = process.argv.indexOf('--trustfix-cli');
const cliMode = cliAt >= 0;
if (cliMode) {
  const { runCli } = await import('../cli/main.ts');
  app.exit(await runCli(['trustfix', 'trustfix', ...process.argv.slice(cliAt + 1)]));
} else if (!app.requestSingleInstanceLock()) app.quit();

let win: BrowserWindow | null = null;
app.on('second-instance', () => {
  if (win?.isMinimized()) win.restore();
  win?.focus();
});

// No window may navigate away, open another window, or attach a webview.
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

async function serveRenderer(): Promise<void> {
  const files = await loadRenderer(rendererDir);
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? files.get(url.pathname === '/' ? '/index.html' : url.pathname) : undefined;
    if (!file) return new Response('not found', { status: 404, headers: SECURITY_HEADERS });
    return new Response(new Uint8Array(file.body), {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': file.type },
    });
  });
}

function wireApi(apiSession: Session): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(`trustfix:${channel}`, (event, request: unknown) => {
      if (!isAppFrame(event.senderFrame))
        return { ok: false, error: { code: 'app:api.unknownChannel', params: { channel } } };
      return dispatch(apiSession, channel, request);
    });
  }
  apiSession.onEvent((name, payload) => {
    if (win && !win.isDestroyed()) win.webContents.send(`trustfix:event:${name}`, payload);
  });
}

/** The same scan options as `trustfix ui`, from the app's command line (`npm start -- --root DIR`). */
function scanOptions(argv: string[]): { roots?: string[]; pythons?: string[]; onlyPython?: boolean; noDisk?: boolean } {
  const values = (flag: string): string[] =>
    argv.flatMap((a, i) =>
      a === flag && argv[i + 1]
        ? [resolvePath(argv[i + 1]!)]
        : a.startsWith(`${flag}=`)
          ? [resolvePath(a.slice(flag.length + 1))]
          : [],
    );
  const roots = values('--root');
  const pythons = values('--python');
  return {
    ...(roots.length ? { roots } : {}),
    ...(pythons.length ? { pythons } : {}),
    ...(argv.includes('--only-python') ? { onlyPython: true } : {}),
    ...(argv.includes('--no-disk') ? { noDisk: true } : {}),
  };
}

async function start(): Promise<void> {
  await app.whenReady();
  // Deny every permission request (camera, notifications, ...): the app needs none.
  electronSession.defaultSession.setPermissionRequestHandler((_wc, _perm, callback) => callback(false));
  electronSession.defaultSession.setPermissionCheckHandler(() => false);
  await serveRenderer();
  const apiSession = await createSession({
    dataDir,
    ...scanOptions(process.argv),
    shell: 'electron',
    reveal: async (path) => shell.showItemInFolder(path),
    // The elevated verb runs through this binary (RunAsNode is fused off); unpackaged, Electron
    // needs the app folder first.
    self: app.isPackaged
      ? [process.execPath, '--trustfix-cli']
      : [process.execPath, app.getAppPath(), '--trustfix-cli'],
  });
  wireApi(apiSession);
  win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'TrustFix',
    show: false,
    webPreferences: webPreferences(preload),
  });
  win.once('ready-to-show', () => win?.show());
  await win.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('window-all-closed', () => app.quit());
if (!cliMode) void start();
