// Writes a fleet plan's artifacts into the folder the user named: a new or empty folder only, each
// file created exclusively (never through a link already there), so a reviewer reads exactly what
// was generated and nothing of theirs is overwritten.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import { msg, Problem } from '../../messages.ts';
import type { Artifact } from './types.ts';

export async function writeArtifacts(out: string, artifacts: Artifact[]): Promise<string[]> {
  const existing = await readdir(out).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw new Problem(msg('fleet:outUnreadable', { path: out, reason: error.code ?? error.message }));
  });
  if (existing.length > 0) throw new Problem(msg('fleet:outNotEmpty', { path: out }));
  const written: string[] = [];
  for (const a of artifacts) {
    const rel = normalize(a.path);
    if (rel.startsWith('..') || rel.startsWith(sep)) throw new Problem(msg('fleet:badArtifactPath', { path: a.path }));
    const path = join(out, rel);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, a.content, { flag: 'wx', mode: a.mode ?? 0o644 });
    written.push(path);
  }
  return written;
}
