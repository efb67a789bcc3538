// A client's trust sources as sets of certificates: a bundle file through the BundleReader (each
// distinct file parsed once), a hashed CA folder file by file, the OS store from the context.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrustContext } from '../context.ts';
import type { SourceLocation } from '../pythons/types.ts';
import { msg, type Message } from '../messages.ts';
import { trustSet, unionTrust, type TrustSet } from './paths.ts';

const MAX_DIR_FILES = 4000;

export class SourceCache {
  private readonly sets = new Map<string, Promise<{ set: TrustSet; problem?: Message }>>();
  /** Every client reading the same sources (in the same order) gets the same set object. */
  private readonly unions = new Map<string, Promise<{ set: TrustSet; problems: Message[] }>>();
  private readonly ctx: TrustContext;

  constructor(ctx: TrustContext) {
    this.ctx = ctx;
  }

  union(sources: SourceLocation[]): Promise<{ set: TrustSet; problems: Message[] }> {
    const key = sources.map(keyOf).join('\n');
    let found = this.unions.get(key);
    if (!found) {
      found = this.unionOf(sources);
      this.unions.set(key, found);
    }
    return found;
  }

  private async unionOf(sources: SourceLocation[]): Promise<{ set: TrustSet; problems: Message[] }> {
    const loaded = await Promise.all(sources.map((s) => this.one(s)));
    const problems = loaded.flatMap((l) => (l.problem ? [l.problem] : []));
    return {
      set:
        loaded.length === 1
          ? loaded[0]!.set
          : unionTrust(
              this.ctx.index,
              loaded.map((l) => l.set),
            ),
      problems,
    };
  }

  one(source: SourceLocation): Promise<{ set: TrustSet; problem?: Message }> {
    const key = keyOf(source);
    let found = this.sets.get(key);
    if (!found) {
      found = this.load(source);
      this.sets.set(key, found);
    }
    return found;
  }

  private async load(source: SourceLocation): Promise<{ set: TrustSet; problem?: Message }> {
    const { index, reader, osStore } = this.ctx;
    if (source.kind === 'os-store')
      return {
        set: trustSet(index, osStore.fingerprints),
        ...(osStore.info.problem ? { problem: osStore.info.problem } : {}),
      };
    if (source.kind === 'file') {
      const read = await reader.read(source.path);
      if (!read.ok)
        return {
          set: trustSet(index, []),
          problem: msg('check:source.unreadable', { path: source.path, reason: read.failure }),
        };
      return { set: trustSet(index, read.bundle.fingerprints) };
    }
    let names: string[];
    try {
      names = (await readdir(source.path)).slice(0, MAX_DIR_FILES);
    } catch {
      return {
        set: trustSet(index, []),
        problem: msg('check:source.unreadable', { path: source.path, reason: 'not-found' }),
      };
    }
    // OpenSSL only reads hashed names (xxxxxxxx.N) in a CA folder. Read side by side (a system
    // folder holds a few hundred small files), then taken in the folder's order as before.
    const hashed = names.filter((name) => /^[0-9a-f]{8}\.\d+$/i.test(name));
    const reads = await Promise.all(hashed.map((name) => reader.read(join(source.path, name))));
    const fps = new Set<string>();
    for (const read of reads) if (read.ok) for (const fp of read.bundle.fingerprints) fps.add(fp);
    return { set: trustSet(index, fps) };
  }
}

const keyOf = (source: SourceLocation): string =>
  source.kind === 'os-store' ? 'os-store' : `${source.kind}:${source.path}`;

export function sourceLabel(sources: SourceLocation[]): string {
  if (sources.length === 0) return '-';
  return sources.map((s) => (s.kind === 'os-store' ? 'os-store' : s.path)).join(' + ');
}
