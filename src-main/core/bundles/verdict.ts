// A bundle on disk, judged: where it is, who owns it, and the verdict. Read failures (vanished,
// unreadable, a directory, a symlink loop) become a `broken` verdict with the reason, never a throw.
import { realpath } from 'node:fs/promises';
import type { TrustContext } from '../context.ts';
import { msg } from '../messages.ts';
import { homeAsTilde } from '../platform/homePath.ts';
import type { BundleFormat } from '../certs/pem.ts';
import type { ParsedBundle, ReadFailure } from '../certs/readBundle.ts';
import { judgeBundle, type BundleJudgement } from './judge.ts';
import { detectOwner, type Owner } from './owner.ts';
import { releaseDateOf } from './staleness.ts';

export interface BundleVerdict extends BundleJudgement {
  /** Stable id of this finding within a scan: the renderer and repairs refer to bundles by it. */
  id: string;
  path: string;
  realPath: string;
  owner: Owner;
  size: number;
  contentHash: string;
  format: BundleFormat | 'unreadable';
  /** How the search reached it: "known-place", "configured", "index", "walk" (absent for named paths). */
  foundBy?: string[];
  /** What configuration names it: "SSL_CERT_FILE", "pip:/etc/pip.conf", ... */
  configuredBy?: string[];
  /** Interpreters and clients that read this bundle (filled in by pythons/attach.ts). */
  usedBy?: BundleUse[];
}

export interface BundleUse {
  pythonId: string;
  executable: string;
  client: 'urllib' | 'requests' | 'pip';
  /** "source": what the client verifies with; "bundled": the client's own copy, overridden. */
  as: 'source' | 'bundled';
}

/** Where a file sits: its real path and its owner (from the place, never from the content). */
export interface BundlePlace {
  path: string;
  realPath: string;
  owner: Owner;
}

export async function placeOf(path: string): Promise<BundlePlace> {
  const real = await realpath(path).catch(() => path);
  // A link named like a system file may point into a package: the target's place says who owns it.
  let owner = await detectOwner(path);
  if (owner.kind === 'unknown' && real !== path) owner = await detectOwner(real);
  return { path, realPath: real, owner };
}

/** `signal`: a cancel stops the parse of a big file with an AbortError (see BundleReader.read). */
export async function judgeFile(path: string, ctx: TrustContext, signal?: AbortSignal): Promise<BundleVerdict> {
  const place = await placeOf(path);
  const read = await ctx.reader.read(path, signal);
  return read.ok ? verdictOf(place, read.bundle, ctx) : unreadVerdict(place, read.failure, read.detail);
}

/** The verdict on a file that could not be read (or parsed in time): broken, with the reason. */
export function unreadVerdict(place: BundlePlace, failure: ReadFailure, detail: string): BundleVerdict {
  const { path, realPath: real, owner } = place;
  return {
    id: bundleId(real),
    path,
    realPath: real,
    owner,
    size: 0,
    contentHash: '',
    format: 'unreadable',
    status: 'broken',
    reason: msg(`bundles:verdict.read.${failure}`, failure === 'too-slow' ? { path, seconds: detail } : { path }),
    certificates: 0,
    expired: 0,
    missing: 0,
    distrusted: 0,
    extra: 0,
    removed: 0,
    notInReference: 0,
    details: {
      expired: [],
      missing: [],
      reissued: [],
      distrusted: [],
      removed: [],
      extra: [],
      skipped: {},
      duplicates: 0,
    },
  };
}

/** The verdict on parsed content at its place, judged now against the context's reference and date
 * (the scan cache hands in content parsed by an earlier run: only the parse is reused, never a verdict). */
export function verdictOf(place: BundlePlace, bundle: ParsedBundle, ctx: TrustContext): BundleVerdict {
  const { path, realPath: real, owner } = place;
  // Shared, frozen, by every copy of the same bytes (judge.ts): never changed here.
  const judgement = judgeBundle(bundle, ctx.index, ctx.reference, ctx.at);
  // certifi's version is a date: how old the copy is, besides what it holds. It belongs to this
  // copy's owner, so it goes on a new staleness record of this verdict's own.
  const released = releaseDateOf(owner);
  const staleness =
    judgement.staleness && released ? { staleness: { ...judgement.staleness, bundleReleasedAt: released } } : {};
  return {
    id: bundleId(real),
    path,
    realPath: real,
    owner,
    size: bundle.size,
    contentHash: bundle.contentHash,
    format: bundle.format,
    ...judgement,
    ...staleness,
  };
}

/** Short, stable, path-derived id ("b-" + 12 hex of the real path's hash, the home folder written `~`):
 * the same copy at the same place under the home has the same id on every machine (platform/homePath.ts). */
export function bundleId(realPath: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(homeAsTilde(realPath))) h = BigInt.asUintN(64, (h ^ BigInt(byte)) * 0x100000001b3n);
  return `b-${h.toString(16).padStart(16, '0').slice(0, 12)}`;
}
