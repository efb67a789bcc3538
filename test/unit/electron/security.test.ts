// The window's security settings and the IPC gate, checked without the Electron binary.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHANNELS, EVENTS } from '../../../src-main/api/channels.ts';
import { APP_ORIGIN, isAppFrame, webPreferences } from '../../../src-main/electron/security.ts';

describe('Electron security settings', () => {
  const prefs = webPreferences('/app/preload.cjs');
  it('isolates and sandboxes the renderer, with no Node in it', () => {
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
  it('passes the preload exactly the table channels and events', () => {
    const arg = (name: string): string[] =>
      JSON.parse(
        decodeURIComponent(prefs.additionalArguments?.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? '[]'),
      );
    expect(arg('trustfix-channels')).toEqual([...CHANNELS]);
    expect(arg('trustfix-events')).toEqual([...EVENTS]);
  });
  it("answers IPC only for the app's own top frame", () => {
    expect(isAppFrame({ url: `${APP_ORIGIN}/index.html`, parent: null })).toBe(true);
    expect(isAppFrame({ url: `${APP_ORIGIN}/index.html`, parent: {} })).toBe(false);
    expect(isAppFrame({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(isAppFrame({ url: 'file:///etc/passwd', parent: null })).toBe(false);
    expect(isAppFrame(null)).toBe(false);
  });
  it('the preload exposes only invoke and on', () => {
    const src = readFileSync(new URL('../../../src-main/electron/preload.cts', import.meta.url), 'utf8');
    expect(src).toMatch(/exposeInMainWorld\('trustfix', \{\s*invoke\(/);
    expect(src.match(/^\s{2}(\w+)\(/gm)?.map((s) => s.trim().replace('(', ''))).toEqual(['invoke', 'on']);
  });
});
