// Everything a scan, a check or a repair judges against, made once per run: the certificate index,
// the bundle reader (content-hash cache), the reference, the OS store, and the moment of judgement.
import { CertIndex } from './certs/certIndex.ts';
import { BundleReader, judgeBudgetMs } from './certs/readBundle.ts';
import { Problem } from './messages.ts';
import { platformFor } from './platform/index.ts';
import type { Platform } from './platform/types.ts';
import { loadOsStore, type OsStore } from './trust/osStore.ts';
import { builtinReference, fileReference, type Reference } from './trust/reference.ts';

export interface ContextOptions {
  /** A PEM file to use as "current" instead of the built-in reference. */
  referenceFile?: string;
  /** A PEM file to read as the OS root store instead of the real one. */
  systemStoreFile?: string;
  /** Judge expiry as of this moment (default: now). */
  at?: Date;
  platform?: Platform;
}

export interface TrustContext {
  index: CertIndex;
  reader: BundleReader;
  reference: Reference;
  osStore: OsStore;
  at: Date;
  platform: Platform;
}

export async function createContext(options: ContextOptions = {}): Promise<TrustContext> {
  const index = new CertIndex();
  const reader = new BundleReader(index, { budgetMs: judgeBudgetMs() });
  const platform = options.platform ?? platformFor();
  let reference: Reference;
  if (options.referenceFile) {
    const loaded = await fileReference(options.referenceFile, reader, index);
    if (!loaded.ok) throw new Problem(loaded.problem);
    reference = loaded.reference;
  } else {
    reference = builtinReference(reader, index);
  }
  const osStore = await loadOsStore(reader, platform, options.systemStoreFile);
  return { index, reader, reference, osStore, at: options.at ?? new Date(), platform };
}
