// The CA certificates a `check` saw (sent by the server or fetched from an AIA address), kept in the
// data folder so `trustfix trust FINGERPRINT` can name a proxy's root that is in no store yet: the
// user read its fingerprint in check's output and types it back, which is the confirmation a
// certificate from the network needs. One PEM file per certificate, named by its SHA-256; a bounded
// number (oldest dropped). Never a trust decision by itself.
import { X509Certificate } from 'node:crypto';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { derToPem } from '../certs/certIndex.ts';
import { splitBundle } from '../certs/pem.ts';
import { readRegularFile } from '../certs/regularFile.ts';
import { sha256Hex } from '../certs/record.ts';

const KEEP = 200;

export const seenDir = (dataDir: string): string => join(dataDir, 'seen-certs');

/** Keeps every CA among `ders` (leaves are never a root to trust). Best effort: a failure here costs
 * only the later look-up, never the check. */
export async function rememberSeen(dataDir: string, ders: Buffer[]): Promise<void> {
  try {
    const dir = seenDir(dataDir);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    for (const der of ders) {
      let ca = false;
      try {
        ca = new X509Certificate(der).ca;
      } catch {}
      if (ca) await writeFile(join(dir, `${sha256Hex(der)}.pem`), derToPem(der), { mode: 0o600 });
    }
    const names = (await readdir(dir)).filter((n) => /^[0-9a-f]{64}\.pem$/.test(n));
    if (names.length <= KEEP) return;
    const aged = await Promise.all(names.map(async (n) => ({ n, t: (await stat(join(dir, n))).mtimeMs })));
    aged.sort((a, b) => a.t - b.t);
    for (const { n } of aged.slice(0, names.length - KEEP)) await rm(join(dir, n), { force: true });
  } catch {}
}

/** The certificate a check saw with exactly this SHA-256 (64 hex digits), or null. */
export async function findSeen(dataDir: string, fingerprint: string): Promise<Buffer | null> {
  if (!/^[0-9a-f]{64}$/.test(fingerprint)) return null;
  const read = await readRegularFile(join(seenDir(dataDir), `${fingerprint}.pem`), { maxBytes: 64 * 1024 });
  if (!read.ok) return null;
  const der = splitBundle(read.bytes).ders.find((d) => sha256Hex(d) === fingerprint);
  return der ?? null;
}
