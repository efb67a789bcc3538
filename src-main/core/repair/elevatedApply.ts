// The one thing the elevated process does: read an ElevatedRecord and check it again, trusting
// nothing the unprivileged side wrote. The target must be a CA bundle (what a scan finds) or a file
// in the OS store's anchor folder; it must still be where and what it was when planned; the new bytes
// must be the ones named, parse as certificates, and for an append every added certificate must be
// a CA. Only then it writes (atomically, keeping mode and owner) and verifies.
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { splitBundle } from '../certs/pem.ts';
import { sha256Hex } from '../certs/record.ts';
import type { ElevatedRecord } from './elevation.ts';
import { atomicWrite, removeFile } from './atomicWrite.ts';
import { checkPathSyntax, identify, realPathOf, refuse } from './pathGuard.ts';
import { LINUX_ANCHOR_DIRS } from '../platform/linuxStore.ts';

function isBundle(bytes: Buffer): string[] {
  const split = splitBundle(bytes);
  if (split.format !== 'pem' || split.ders.length === 0) return [];
  return split.ders.map((d) => sha256Hex(d));
}

export async function elevatedApply(recordPath: string): Promise<{ target: string; sha256: string | null }> {
  checkPathSyntax(recordPath);
  const record = JSON.parse(await readFile(recordPath, 'utf8')) as ElevatedRecord;
  checkPathSyntax(record.target);
  if ((await realPathOf(record.target)) !== record.plannedRealPath) refuse('swapped', { path: record.target, planned: record.plannedRealPath, now: await realPathOf(record.target) });
  const current = await identify(record.target);
  if ((current?.identity.sha256 ?? null) !== record.expectedSha256) refuse('changedSincePlan', { path: record.target });
  if (record.allowedAs === 'os-store') {
    if (!LINUX_ANCHOR_DIRS.includes(dirname(record.plannedRealPath))) refuse('notAFinding', { path: record.target });
  } else if (!current || isBundle(current.bytes).length === 0) {
    refuse('notAFinding', { path: record.target });
  }
  if (record.op === 'remove-file') {
    if (record.allowedAs !== 'os-store') refuse('notAFinding', { path: record.target });
    await removeFile(record.target);
    return { target: record.target, sha256: null };
  }
  if (!record.contentFile || !record.contentSha256) refuse('badRecord', { path: recordPath });
  const content = await readFile(record.contentFile);
  if (sha256Hex(content) !== record.contentSha256) refuse('badRecord', { path: recordPath });
  const after = isBundle(content);
  if (after.length === 0) refuse('notABundle', { path: record.contentFile });
  if (record.purpose === 'append' || record.purpose === 'os-store') {
    const old = new Set(current ? isBundle(current.bytes) : []);
    for (const der of splitBundle(content).ders) {
      if (old.has(sha256Hex(der))) continue;
      const x509 = new X509Certificate(der);
      if (!x509.ca) refuse('notCa', { name: x509.subject.replace(/\n/g, ', '), fingerprint: sha256Hex(der), from: record.contentFile });
    }
  }
  const keep = current?.identity;
  await atomicWrite(record.target, content, keep ? { mode: keep.mode, uid: keep.uid, gid: keep.gid } : { mode: 0o644 });
  const check = await identify(record.target);
  if (check?.identity.sha256 !== record.contentSha256) throw new Error(`verification failed for ${record.target}`);
  return { target: record.target, sha256: record.contentSha256 };
}
