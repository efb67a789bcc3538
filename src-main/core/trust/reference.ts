// The reference: what "current" means. Built in, it is Mozilla's root list as shipped inside this
// runtime (`tls.rootCertificates`): offline, and as new as the Node/Electron release. `--reference`
// replaces it with a PEM file (a newer certifi, a downloaded Mozilla bundle).
import type { BundleReader } from '../certs/readBundle.ts';
import type { CertIndex } from '../certs/certIndex.ts';
import { msg, type Message } from '../messages.ts';

export interface ReferenceInfo {
  origin: 'builtin' | 'file';
  /** e.g. "Mozilla root list inside Node.js 24.21.0". */
  label: string;
  path?: string;
  /** The newest notBefore among its roots: the list is at least this recent. */
  newestRoot: string;
  certificates: number;
}

export interface Reference {
  info: ReferenceInfo;
  fingerprints: ReadonlySet<string>;
  /** subject + key -> fingerprint, to recognise another issue of the same root. */
  bySubjectKey: ReadonlyMap<string, string>;
}

export type ReferenceResult = { ok: true; reference: Reference } | { ok: false; problem: Message };

export function subjectKey(subject: string, spkiFingerprint: string): string {
  return `${subject}\u0000${spkiFingerprint}`;
}

export function builtinReference(reader: BundleReader, index: CertIndex): Reference {
  // node:tls only here: loading it (for a scan with --reference it is never needed) costs more than
  // judging a bundle, and starts Node reading NODE_EXTRA_CA_CERTS on a thread of its own.
  const { rootCertificates } = process.getBuiltinModule('node:tls');
  const parsed = reader.parse(Buffer.from(rootCertificates.join('\n')));
  return build(index, parsed.fingerprints, {
    origin: 'builtin',
    label: `Mozilla root list inside Node.js ${process.versions.node}`,
  });
}

export async function fileReference(path: string, reader: BundleReader, index: CertIndex): Promise<ReferenceResult> {
  const read = await reader.read(path);
  if (!read.ok) return { ok: false, problem: msg('common:reference.unreadable', { path, reason: read.failure }) };
  if (read.bundle.fingerprints.length === 0) return { ok: false, problem: msg('common:reference.empty', { path }) };
  return { ok: true, reference: build(index, read.bundle.fingerprints, { origin: 'file', label: path, path }) };
}

function build(
  index: CertIndex,
  fingerprints: string[],
  head: Pick<ReferenceInfo, 'origin' | 'label' | 'path'>,
): Reference {
  const bySubjectKey = new Map<string, string>();
  let newest = '';
  for (const fp of fingerprints) {
    const r = index.brief(fp);
    bySubjectKey.set(subjectKey(r.subject, r.spkiFingerprint), fp);
    if (r.notBefore > newest) newest = r.notBefore;
  }
  return {
    info: { ...head, newestRoot: newest, certificates: fingerprints.length },
    fingerprints: new Set(fingerprints),
    bySubjectKey,
  };
}
