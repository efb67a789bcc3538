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

/** The backend for the OS a probed interpreter reports (Python's sys.platform: 'win32', 'darwin',
 * 'linux', 'linux2' on Python 2.7, 'cygwin', ...): everything not Windows or macOS is Linux's. */
export function platformOfPython(sysPlatform: string): Platform {
  return sysPlatform === 'win32' || sysPlatform === 'darwin' ? platformFor(sysPlatform) : linuxPlatform;
}
