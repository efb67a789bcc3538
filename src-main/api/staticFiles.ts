// The built renderer (dist/renderer), read once into memory: the shells serve exactly these files
// and nothing else, so no request path ever reaches the filesystem.
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { msg, Problem } from '../core/messages.ts';
import { MIME } from './csp.ts';

export interface StaticFile {
  body: Buffer;
  type: string;
}

export async function loadRenderer(dir: string): Promise<Map<string, StaticFile>> {
  const files = new Map<string, StaticFile>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile()) continue;
    const full = join(e.parentPath, e.name);
    const type = MIME[extname(e.name).toLowerCase()];
    if (!type) continue;
    files.set(`/${relative(dir, full).split(sep).join('/')}`, { body: await readFile(full), type });
  }
  if (!files.has('/index.html')) throw new Problem(msg('app:ui.noRenderer', { dir }));
  return files;
}
