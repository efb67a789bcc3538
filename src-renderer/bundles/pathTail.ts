// How much of each path's end the bundles table keeps visible: the fewest trailing names (at least
// the folder and the file) that no other listed path ends with, so `…/pip/_vendor/certifi/cacert.pem`
// and `…/site-packages/certifi/cacert.pem` read differently however narrow the column. The head
// before it is what the column shortens (with an ellipsis); the full path is a focus or hover away.

const MAX_TAIL = 8;
const SEPARATOR = /[\\/]/;

/** Offsets of the separators in a path (both kinds: the app shows Windows paths too). */
function separators(path: string): number[] {
  const at: number[] = [];
  for (let i = 0; i < path.length; i++) if (SEPARATOR.test(path[i]!)) at.push(i);
  return at;
}

/** The path as head + tail, with the tail `names` trailing names long (its separator included). */
export function splitAt(path: string, names: number): { head: string; tail: string } {
  const seps = separators(path);
  const cut = seps[seps.length - names];
  if (cut === undefined || cut <= 0) return { head: '', tail: path };
  return { head: path.slice(0, cut), tail: path.slice(cut) };
}

/** For each path, how many trailing names tell it apart from the others (2 at least, 8 at most). */
export function distinctTails(paths: readonly string[]): Map<string, number> {
  const count = new Map<string, number>();
  const suffixes = (p: string): string[] => {
    const names = p.split(SEPARATOR);
    const out: string[] = [];
    for (let k = 1; k <= Math.min(MAX_TAIL, names.length); k++) out.push(names.slice(-k).join('/'));
    return out;
  };
  const unique = [...new Set(paths)];
  for (const p of unique) for (const s of suffixes(p)) count.set(s, (count.get(s) ?? 0) + 1);
  const out = new Map<string, number>();
  for (const p of unique) {
    const s = suffixes(p);
    let k = 2;
    while (k < s.length && (count.get(s[k - 1]!) ?? 0) > 1) k++;
    out.set(p, Math.min(k, MAX_TAIL));
  }
  return out;
}
