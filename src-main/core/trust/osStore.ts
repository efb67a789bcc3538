// The OS root store as a second source of trust. `--system-store FILE` replaces it (tests, and
// machines where the store cannot be read). How the store is read is the platform backend's one
// answer (platform/<os>.ts readSystemRoots: Node's native read, then the OS's own command, on
// Windows and macOS; the distribution's bundle file on Linux).
import type { BundleReader } from '../certs/readBundle.ts';
import { msg, problemOf, type Message } from '../messages.ts';
import type { Platform, StoreOrigin, SystemRoots } from '../platform/types.ts';

export interface OsStoreInfo {
  source: string;
  certificates: number;
  problem?: Message;
}

export interface OsStore {
  info: OsStoreInfo;
  fingerprints: ReadonlySet<string>;
  /** SHA-256 -> the stores it sits in, where the backend tells (Windows); empty elsewhere and for
   * `--system-store FILE`. */
  origins: ReadonlyMap<string, readonly StoreOrigin[]>;
}

export async function loadOsStore(reader: BundleReader, platform: Platform, overrideFile?: string): Promise<OsStore> {
  if (overrideFile) {
    const read = await reader.read(overrideFile);
    if (!read.ok) {
      return {
        info: {
          source: overrideFile,
          certificates: 0,
          problem: msg('common:osStore.unreadable', { path: overrideFile, reason: read.failure }),
        },
        fingerprints: new Set(),
        origins: new Map(),
      };
    }
    return {
      info: { source: overrideFile, certificates: read.bundle.fingerprints.length },
      fingerprints: new Set(read.bundle.fingerprints),
      origins: new Map(),
    };
  }
  let roots: SystemRoots = { source: '', ders: [] };
  let problem: Message | undefined;
  try {
    roots = await platform.readSystemRoots();
    // A read cut short (macOS keychains past their time budget) keeps what it read and says so.
    problem = roots.problem;
  } catch (error) {
    problem = problemOf(error, (reason) => msg('common:osStore.failed', { reason }));
  }
  const fingerprints = new Set<string>();
  for (const chunk of roots.ders) for (const fp of reader.parse(chunk).fingerprints) fingerprints.add(fp);
  const origins = new Map<string, StoreOrigin[]>();
  for (const placed of roots.origins ?? []) {
    const fp = reader.parse(placed.der).fingerprints[0];
    if (!fp) continue;
    const list = origins.get(fp) ?? [];
    if (!list.some((o) => o.location === placed.origin.location && o.store === placed.origin.store))
      list.push(placed.origin);
    origins.set(fp, list);
  }
  return {
    info: { source: roots.source, certificates: fingerprints.size, ...(problem ? { problem } : {}) },
    fingerprints,
    origins,
  };
}
