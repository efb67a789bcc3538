// The window's security settings in one place, so docs/app.md's checklist and the tests read them here.
import type { BrowserWindowConstructorOptions } from 'electron';
import { CHANNELS, EVENTS } from '../api/channels.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'trustfix';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function webPreferences(preload: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    webviewTag: false,
    spellcheck: false,
    safeDialogs: true,
    navigateOnDragDrop: false,
    additionalArguments: [
      `--trustfix-channels=${encodeURIComponent(JSON.stringify(CHANNELS))}`,
      `--trustfix-events=${encodeURIComponent(JSON.stringify(EVENTS))}`,
    ],
  };
}

/** True only for the app's own top frame, loaded from the app's own protocol. */
export function isAppFrame(frame: { url: string; parent: unknown } | null | undefined): boolean {
  if (!frame || frame.parent) return false;
  try {
    return new URL(frame.url).origin === APP_ORIGIN || frame.url.startsWith(`${APP_ORIGIN}/`);
  } catch {
    return false;
  }
}
