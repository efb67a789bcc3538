// The app's own preferences (language, theme, reference source), kept in the shared data folder so
// the Electron app and `trustfix ui` agree. A damaged file falls back to defaults, never a crash.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import type { Settings } from './types.ts';

export const settingsSchema = z.strictObject({
  language: z.enum(['system', 'en', 'zh-CN']),
  theme: z.enum(['system', 'light', 'dark']),
  reference: z.enum(['builtin', 'file']),
});

export const DEFAULT_SETTINGS: Settings = { language: 'system', theme: 'system', reference: 'builtin' };

export function settingsFile(dataDir: string): string {
  return join(dataDir, 'settings.json');
}

export async function loadSettings(dataDir: string): Promise<Settings> {
  try {
    const parsed = settingsSchema.partial().safeParse(JSON.parse(await readFile(settingsFile(dataDir), 'utf8')));
    return parsed.success ? { ...DEFAULT_SETTINGS, ...parsed.data } : { ...DEFAULT_SETTINGS };
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

export async function saveSettings(dataDir: string, settings: Settings): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFileAtomic(settingsFile(dataDir), `${JSON.stringify(settings, null, 2)}\n`);
}
