// The OS root store as a second source of trust. `--system-store FILE` replaces it (tests, and
// machines where the store cannot be read). On Windows and macOS Node 24 reads the store natively
// (tls.getCACertificates('system')); the platform backend is the fallback. On Linux the platform
// reads the distribution's own bundle file, because Node's 'system' list there follows
// SSL_CERT_FILE, which is an override to report, not the store itself.
import { getCACertificates } from 'node:tls';
import type { BundleReader } from '../certs/readBundle.ts';
import { msg, type Message } from '../messages.ts';
import type { Platform } from '../platform/types.ts';

export interface OsStoreInfo {
  source: string;
  certificates: number;
  problem?: Message;
}

export interface OsStore {
  info: OsStoreInfo;
  fingerprints: ReadonlySet<string>;
}

export async function loadOsStore(reader: BundleReader, platform: Platform, overrideFile?: string): Promise<OsStore> {
  if (overrideFile) {
    const read = await reader.read(overrideFile);
    if (!read.ok) {
      return {
        info: { source: overrideFile, certificates: 0, problem: msg('common:osStore.unreadable', { path: overrideFile, reason: read.failure }) },
        fingerprints: new Set(),
      };
    }
    return { info: { source: overrideFile, certificates: read.bundle.fingerprints.length }, fingerprints: new Set(read.bundle.fingerprints) };
  }
  let ders: Buffer[] = [];
  let source = '';
  let problem: Message | undefined;
  try {
    if (platform.id !== 'linux') {
      const pems = getCACertificates('system');
      ders = pems.length > 0 ? [Buffer.from(pems.join('\n'))] : [];
      source = platform.id === 'win32' ? 'Windows certificate store' : 'macOS keychains';
    }
    if (ders.length === 0) {
      const roots = await platform.readSystemRoots();
      ders = roots.ders;
      source = roots.source;
    }
  } catch (error) {
    problem = msg('common:osStore.failed', { reason: error instanceof Error ? error.message : String(error) });
  }
  const fingerprints = new Set<string>();
  for (const chunk of ders) for (const fp of reader.parse(chunk).fingerprints) fingerprints.add(fp);
  return { info: { source, certificates: fingerprints.size, ...(problem ? { problem } : {}) }, fingerprints };
}
