// Whether parsed JSON is exactly a scan cache (cacheFile.ts): every field of the right type and no
// other, and every reference inside it pointing somewhere. Written out by hand rather than with zod:
// loading zod costs a scan more than a whole cached rescan is meant to take.
import type { ContentEntry, FileEntry, FileIdentity, ScanCacheData, WalkRecord } from './cacheFile.ts';

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
  return isObject(v) && keys(v, ['id', 'readAt', 'usedAt', 'content']) && isIdentity(v.id) && isNumber(v.readAt) && isNumber(v.usedAt) && isHash(v.content);
}

function isContent(v: unknown): v is ContentEntry {
  if (!isObject(v) || !keys(v, ['size', 'format', 'certs', 'duplicates', 'skipped'])) return false;
  if (!isCount(v.size) || !FORMATS.includes(v.format as string) || !arrayOf(v.certs, isCount) || !isCount(v.duplicates)) return false;
  return isObject(v.skipped) && Object.entries(v.skipped).every(([k, n]) => SKIPS.includes(k) && isCount(n));
}

function isAccelerator(v: unknown): boolean {
  if (v === null) return true;
  if (!isObject(v) || !keys(v, ['tool', 'found', 'elapsedMs'], ['database', 'indexedAt', 'error'])) return false;
  return TOOLS.includes(v.tool as string) && isNumber(v.found) && isNumber(v.elapsedMs) && ['database', 'indexedAt', 'error'].every((k) => v[k] === undefined || isString(v[k]));
}

function isWalk(v: unknown): v is WalkRecord {
  if (!isObject(v) || !keys(v, ['key', 'at', 'elapsedMs', 'files', 'info'])) return false;
  if (!isString(v.key) || !isString(v.at) || Number.isNaN(Date.parse(v.at)) || !isNumber(v.elapsedMs)) return false;
  const fileOk = (f: unknown): f is WalkRecord['files'][number] =>
    isObject(f) && keys(f, ['path', 'foundBy']) && isString(f.path) && arrayOf(f.foundBy, (b): b is string => b === 'index' || b === 'walk') && f.foundBy.length > 0;
  if (!arrayOf(v.files, fileOk)) return false;
  const i = v.info;
  if (!isObject(i) || !keys(i, ['visited', 'skipped', 'unreadable', 'unreadableSample', 'walkMs', 'threads', 'venvs', 'roots', 'left', 'accelerator'])) return false;
  const leftOk = (l: unknown): l is object => isObject(l) && keys(l, ['path', 'why']) && isString(l.path) && WHY.includes(l.why as string);
  return (
    isCount(i.visited) && isCount(i.skipped) && isCount(i.unreadable) && isStrings(i.unreadableSample) && isNumber(i.walkMs) && isCount(i.threads) &&
    isStrings(i.venvs) && isStrings(i.roots) && arrayOf(i.left, leftOk) && isAccelerator(i.accelerator)
  );
}

export function isCache(v: Obj): v is Obj & ScanCacheData {
  if (!keys(v, ['version', 'walks', 'files', 'contents', 'certs'])) return false;
  if (!arrayOf(v.walks, isWalk) || !isObject(v.files) || !isObject(v.contents) || !arrayOf(v.certs, (c): c is string => isBase64(c))) return false;
  const certs = v.certs.length;
  for (const [hash, content] of Object.entries(v.contents)) {
    if (!isHash(hash) || !isContent(content)) return false;
    if (new Set(content.certs).size !== content.certs.length || content.certs.some((i) => i >= certs)) return false;
  }
  // Every file's content is there.
  return Object.values(v.files).every((f) => isFileEntry(f) && Object.hasOwn(v.contents as Obj, f.content));
}
