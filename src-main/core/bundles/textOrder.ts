// The order String.prototype.localeCompare gives, without ICU for the usual case. The first
// comparison through ICU builds its collator and the list of locales it has (measured with callgrind:
// 70 million instructions, 7% of a whole `scan --json` of the 12 published bundles), and judging
// sorts each stale bundle's missing roots by name. Root names and paths are printable ASCII nearly
// always, and for printable ASCII the collation of the root locale (which English and the C locale
// use) is simple: punctuation and symbols in a fixed order, then digits, then letters ignoring case;
// among strings equal so far, lower case first at the first difference. Anything else (other
// characters, a machine whose locale may tailor the order) goes to ICU as before.
// test/unit/core/bundles/textOrder.test.ts compares this with Intl.Collator over every pair of characters and
// random strings.

/** Printable ASCII in the root collation's order; a letter's two cases share a place. */
const ROOT_ORDER = ' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStTuUvVwWxXyYzZ';

/** Primary weight by character code (0x20-0x7e); 0 for any other character. */
const PRIMARY = new Uint8Array(128);
{
  let weight = 0;
  for (const ch of ROOT_ORDER) {
    const code = ch.charCodeAt(0);
    // An upper-case letter takes its lower case's weight (its place right after it).
    const upper = code >= 0x41 && code <= 0x5a;
    if (!upper) weight++;
    PRIMARY[code] = upper ? PRIMARY[code + 0x20]! : weight;
  }
}

/** Locale settings under which the default collation is the root one for ASCII: unset, C, POSIX, English. */
const ROOT_LIKE = /^(?:C|POSIX|en(?:_[A-Za-z]{2,3})?)(?:\.[\w-]+)?$/i;

let rootLike: boolean | undefined;
/** Whether this process's default locale collates ASCII as the root locale does (read from the
 * environment the way ICU picks its default: LC_ALL, else LC_MESSAGES, else LANG; LC_COLLATE and
 * LANGUAGE are checked too, to stay on the safe side). */
export function defaultLocaleIsRootLike(env: NodeJS.ProcessEnv = process.env): boolean {
  return [env.LC_ALL, env.LC_MESSAGES, env.LC_COLLATE, env.LANG, env.LANGUAGE].every(
    (v) => !v || v.split(':').every((part) => ROOT_LIKE.test(part)),
  );
}

let collator: Intl.Collator | undefined;

/** a.localeCompare(b), as a number of the same sign. */
export function compareText(a: string, b: string): number {
  rootLike ??= defaultLocaleIsRootLike();
  const fast = rootLike ? compareAscii(a, b) : undefined;
  return fast ?? (collator ??= new Intl.Collator()).compare(a, b);
}

/** The root collation's order of two printable-ASCII strings, or undefined when either holds anything else. */
export function compareAscii(a: string, b: string): number | undefined {
  for (const s of [a, b])
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80 || PRIMARY[s.charCodeAt(i)] === 0) return undefined;
  const n = Math.min(a.length, b.length);
  // First level: the characters' places, a letter's cases alike; a string that runs out first is first.
  for (let i = 0; i < n; i++) {
    const d = PRIMARY[a.charCodeAt(i)]! - PRIMARY[b.charCodeAt(i)]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  // Third level (ASCII has no accents for the second): the first difference of case, lower first.
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x > y ? -1 : 1; // same letter: 'a' (0x61) sorts before 'A' (0x41)
  }
  return 0;
}
