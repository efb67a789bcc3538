// The scan cache's shape (the file is cacheFile.ts's): its types, and whether parsed JSON is exactly
// one: every field of the right type and no other, and every reference inside it pointing somewhere.
// Written out by hand rather than with zod: loading zod costs a scan more than a whole cached rescan
// is meant to take.
import type { BundleFormat, SkipReason } from '../../certs/pem.ts';
import type { DiscoveryInfo } from '../discover/discover.ts';

/** Bumped whenever the shape or the meaning of a field changes: an older file is ignored. */
export const SCAN_CACHE_VERSION = 1;

/** A file's identity from stat(2), as decimal strings (nanosecond times do not fit a JSON number). */
export interface FileIdentity {
  dev: string;
  ino: string;
  size: string;
  mtimeNs: string;
  ctimeNs: string;
}

export interface FileEntry {
  id: FileIdentity;
  /** When it was read (ms since the epoch): a change within the timestamps' resolution of it can hide. */
  readAt: number;
  /** Last scan that met it (ms since the epoch): the least recently used go first when the file is full. */
  usedAt: number;
  /** SHA-256 of the content, the key of `contents`. */
  content: string;
}

export interface ContentEntry {
  size: number;
  format: BundleFormat;
  /** Indexes into `certs`, in file order, each once. */
  certs: number[];
  duplicates: number;
  skipped: Partial<Record<SkipReason, number>>;
}

export interface WalkRecord {
  /** The options that decide what a search finds (walkKey in cachedScan.ts). */
  key: string;
  /** When the search started (ISO time). */
  at: string;
  elapsedMs: number;
  files: Array<{ path: string; foundBy: Array<'index' | 'walk'> }>;
  info: Pick<
    DiscoveryInfo,
    | 'visited'
    | 'skipped'
    | 'unreadable'
    | 'unreadableSample'
    | 'walkMs'
    | 'threads'
    | 'venvs'
    | 'roots'
    | 'left'
    | 'accelerator'
  >;
}

export interface ScanCacheData {
  version: typeof SCAN_CACHE_VERSION;
  walks: WalkRecord[];
  files: Record<string, FileEntry>;
  contents: Record<string, ContentEntry>;
  /** Base64 DER of each certificate, once. */
  certs: string[];
}

type Obj = Record<string, unknown>;

export const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Exactly these keys (the optional ones may be absent). */
function keys(o: Obj, required: string[], optional: string[] = []): boolean {
  for (const k of required) if (!Object.hasOwn(o, k)) return false;
  for (const k of Object.keys(o)) if (!required.includes(k) && !optional.includes(k)) return false;
  return true;
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isDecimal = (v: unknown): boolean => isString(v) && /^\d{1,30}$/.test(v);
const isHash = (v: unknown): boolean => isString(v) && /^[0-9a-f]{64}$/.test(v);
const isBase64 = (v: unknown): boolean => isString(v) && /^[A-Za-z0-9+/]*={0,2}$/.test(v);
const arrayOf = <T>(v: unknown, item: (x: unknown) => x is T): v is T[] => Array.isArray(v) && v.every((x) => item(x));
const isStrings = (v: unknown): v is string[] => arrayOf(v, isString);

const FORMATS = ['pem', 'der', 'empty', 'binary', 'text'];
const SKIPS = ['not-a-certificate-block', 'truncated-block', 'bad-base64', 'unparseable-certificate'];
const WHY = ['walk', 'pseudo', 'network', 'removable'];
const TOOLS = ['es', 'mdfind', 'plocate', 'locate'];

function isIdentity(v: unknown): v is FileIdentity {
  return isObject(v) && keys(v, ['dev', 'ino', 'size', 'mtimeNs', 'ctimeNs']) && Object.values(v).every(isDecimal);
}

function isFileEntry(v: unknown): v is FileEntry {
  return (
    isObject(v) &&
    keys(v, ['id', 'readAt', 'usedAt', 'content']) &&
    isIdentity(v.id) &&
    isNumber(v.readAt) &&
    isNumber(v.usedAt) &&
    isHash(v.content)
  );
}

function isContent(v: unknown): v is ContentEntry {
  if (!isObject(v) || !keys(v, ['size', 'format', 'certs', 'duplicates', 'skipped'])) return false;
  if (!isCount(v.size) || !FORMATS.includes(v.format as string) || !arrayOf(v.certs, isCount) || !isCount(v.duplicates))
    return false;
  return isObject(v.skipped) && Object.entries(v.skipped).every(([k, n]) => SKIPS.includes(k) && isCount(n));
}

function isAccelerator(v: unknown): boolean {
  if (v === null) return true;
  if (!isObject(v) || !keys(v, ['tool', 'found', 'elapsedMs'], ['database', 'indexedAt', 'error'])) return false;
  return (
    TOOLS.includes(v.tool as string) &&
    isNumber(v.found) &&
    isNumber(v.elapsedMs) &&
    ['database', 'indexedAt', 'error'].every((k) => v[k] === undefined || isString(v[k]))
  );
}

function isWalk(v: unknown): v is WalkRecord {
  if (!isObject(v) || !keys(v, ['key', 'at', 'elapsedMs', 'files', 'info'])) return false;
  if (!isString(v.key) || !isString(v.at) || Number.isNaN(Date.parse(v.at)) || !isNumber(v.elapsedMs)) return false;
  const fileOk = (f: unknown): f is WalkRecord['files'][number] =>
    isObject(f) &&
    keys(f, ['path', 'foundBy']) &&
    isString(f.path) &&
    arrayOf(f.foundBy, (b): b is string => b === 'index' || b === 'walk') &&
    f.foundBy.length > 0;
  if (!arrayOf(v.files, fileOk)) return false;
  const i = v.info;
  if (
    !isObject(i) ||
    !keys(i, [
      'visited',
      'skipped',
      'unreadable',
      'unreadableSample',
      'walkMs',
      'threads',
      'venvs',
      'roots',
      'left',
      'accelerator',
    ])
  )
    return false;
  const leftOk = (l: unknown): l is object =>
    isObject(l) && keys(l, ['path', 'why']) && isString(l.path) && WHY.includes(l.why as string);
  return (
    isCount(i.visited) &&
    isCount(i.skipped) &&
    isCount(i.unreadable) &&
    isStrings(i.unreadableSample) &&
    isNumber(i.walkMs) &&
    isCount(i.threads) &&
    isStrings(i.venvs) &&
    isStrings(i.roots) &&
    arrayOf(i.left, leftOk) &&
    isAccelerator(i.accelerator)
  );
}

export function isCache(v: Obj): v is Obj & ScanCacheData {
  if (!keys(v, ['version', 'walks', 'files', 'contents', 'certs'])) return false;
  if (
    !arrayOf(v.walks, isWalk) ||
    !isObject(v.files) ||
    !isObject(v.contents) ||
    !arrayOf(v.certs, (c): c is string => isBase64(c))
  )
    return false;
  const certs = v.certs.length;
  for (const [hash, content] of Object.entries(v.contents)) {
    if (!isHash(hash) || !isContent(content)) return false;
    if (new Set(content.certs).size !== content.certs.length || content.certs.some((i) => i >= certs)) return false;
  }
  // Every file's content is there.
  return Object.values(v.files).every((f) => isFileEntry(f) && Object.hasOwn(v.contents as Obj, f.content));
}
