// `--json` output written piece by piece. A scan of a crowded machine reports thousands of bundles,
// each with its lists of missing and expired roots: as one JSON.stringify string that is about 20 KB
// per bundle, all held at once (and again as the bytes written). Here the top-level object and its
// arrays are opened by hand and each element is stringified on its own, so only one bundle's text is
// alive at a time. The bytes are exactly those of JSON.stringify(value, null, 2) (test/unit/jsonOut.test.ts).
import type { Writable } from 'node:stream';

/** Levels opened by hand: the report object, then its arrays (bundles, pythons). */
const OPEN_LEVELS = 2;
/** Pieces are gathered into writes of about this size. */
const WRITE_BYTES = 64 * 1024;

function isOpenable(value: unknown): value is Record<string, unknown> | unknown[] {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** Skipped as an object's value by JSON.stringify (written as null inside an array). */
const omitted = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** The text of JSON.stringify(value, null, 2), in pieces. */
export function* jsonPieces(
  value: unknown,
  levels = OPEN_LEVELS,
  indent = '',
  strings?: (text: string) => string,
): Generator<string> {
  if (levels <= 0 || !isOpenable(value)) {
    const replacer = strings
      ? (_key: string, v: unknown): unknown => (typeof v === 'string' ? strings(v) : v)
      : undefined;
    const text = JSON.stringify(value, replacer, 2) as string | undefined;
    // Inside an array an unrepresentable value is null; JSON strings never hold a raw newline, so
    // re-indenting every line break is exact.
    yield text === undefined ? 'null' : indent ? text.replaceAll('\n', `\n${indent}`) : text;
    return;
  }
  const inner = `${indent}  `;
  const array = Array.isArray(value);
  const entries: Array<[string | undefined, unknown]> = array
    ? value.map((v) => [undefined, v])
    : Object.keys(value).flatMap((k): Array<[string, unknown]> => (omitted(value[k]) ? [] : [[k, value[k]]]));
  if (entries.length === 0) {
    yield array ? '[]' : '{}';
    return;
  }
  yield array ? '[' : '{';
  let first = true;
  for (const [key, v] of entries) {
    yield `${first ? '\n' : ',\n'}${inner}${key === undefined ? '' : `${JSON.stringify(key)}: `}`;
    first = false;
    yield* jsonPieces(v, levels - 1, inner, strings);
  }
  yield `\n${indent}${array ? ']' : '}'}`;
}

/** Writes JSON.stringify(value, null, 2) and a newline, waiting for the stream when it is full.
 * `strings`: every string value passes through it on the way out (the per-machine report writes the
 * home folder as `~` this way, without a second copy of a report that may hold thousands of bundles). */
export async function writeJson(stream: Writable, value: unknown, strings?: (text: string) => string): Promise<void> {
  let pending = '';
  const flush = async (): Promise<void> => {
    const chunk = pending;
    pending = '';
    if (stream.destroyed || stream.write(chunk)) return;
    // A reader that went away (`| head`) closes or errors the stream: stop waiting then too.
    await new Promise<void>((resolve) => {
      const done = (): void => {
        stream.off('drain', done).off('close', done).off('error', done);
        resolve();
      };
      stream.on('drain', done).on('close', done).on('error', done);
    });
  };
  for (const piece of jsonPieces(value, OPEN_LEVELS, '', strings)) {
    pending += piece;
    if (pending.length >= WRITE_BYTES) await flush();
  }
  pending += '\n';
  await flush();
}
