// The platform backend, chosen once.
import { darwinPlatform } from './darwin.ts';
import { linuxPlatform } from './linux.ts';
import type { Platform } from './types.ts';
import { win32Platform } from './win32.ts';

export function platformFor(id: NodeJS.Platform = process.platform): Platform {
  if (id === 'win32') return win32Platform;
  if (id === 'darwin') return darwinPlatform;
  return linuxPlatform;
}
