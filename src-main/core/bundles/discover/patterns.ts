// Turns known-place patterns (knownPlaces.ts) into the files that exist. Folder listings are cached,
// so hundreds of patterns sharing prefixes cost a few dozen readdir calls.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export interface PatternEnv {
  home: string;
  env: Record<string, string | undefined>;
  /** Folder names compare without case (Windows, macOS). */
  caseInsensitive: boolean;
}

/** Every alternative of every `{a,b}` group, nested groups included (`${VAR}` is not a group). */
export function expandBraces(pattern: string): string[] {
  // Hide `${VAR}` as `<<VAR>>` (no pattern uses angle brackets) while the groups are expanded.
  const hidden = pattern.replace(/\$\{([^}]+)\}/g, '<<$1>>');
  return expandGroups(hidden).map((p) => p.replace(/<<([^>]*)>>/g, '$${$1}'));
}

function expandGroups(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  let close = -1;
  const commas: number[] = [];
  for (let i = open; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) {
      close = i;
      break;
    } else if (ch === ',' && depth === 1) commas.push(i);
  }
  if (close < 0) return [pattern];
  const inner: string[] = [];
  let from = open + 1;
  for (const c of [...commas, close]) {
    inner.push(pattern.slice(from, c));
    from = c + 1;
  }
  const head = pattern.slice(0, open);
  const tails = expandGroups(pattern.slice(close + 1));
  return inner.flatMap((alt) => expandGroups(head + alt)).flatMap((h) => tails.map((t) => h + t));
}

/** `~` and `${VAR}` filled in; undefined when a variable is unset (the pattern does not apply). */
export function substitute(pattern: string, env: PatternEnv): string | undefined {
  let missing = false;
  let out = pattern.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
    const value = lookup(env.env, name, env.caseInsensitive);
    if (!value) missing = true;
    return (value ?? '').replace(/\\/g, '/');
  });
  if (missing) return undefined;
  if (out === '~' || out.startsWith('~/')) out = env.home.replace(/\\/g, '/') + out.slice(1);
  return out;
}

function lookup(env: Record<string, string | undefined>, name: string, caseInsensitive: boolean): string | undefined {
  if (env[name] !== undefined || !caseInsensitive) return env[name];
  const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
  return key ? env[key] : undefined;
}

function globRegex(segment: string, caseInsensitive: boolean): RegExp {
  const body = segment.replace(/[.+^$()|[\]\\?]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${body}$`, caseInsensitive ? 'i' : '');
}

export class PatternMatcher {
  private readonly listings = new Map<string, Promise<string[] | null>>();
  private readonly env: PatternEnv;

  constructor(env: PatternEnv) {
    this.env = env;
  }

  private list(dir: string): Promise<string[] | null> {
    let p = this.listings.get(dir);
    if (!p) {
      p = readdir(dir, { withFileTypes: true }).then(
        (entries) => entries.filter((e) => e.isDirectory() || e.isSymbolicLink() || e.isFile()).map((e) => e.name),
        () => null,
      );
      this.listings.set(dir, p);
    }
    return p;
  }

  /** The existing regular files (or links to them) a pattern names. */
  async match(pattern: string): Promise<string[]> {
    const out: string[] = [];
    await Promise.all(
      expandBraces(pattern).map((alt) => {
        const path = substitute(alt, this.env);
        if (!path) return undefined;
        const segments = path.split('/');
        // "/etc/x" splits into ["", "etc", "x"]; "C:/x" into ["C:", "x"].
        const start = segments[0] === '' ? '/' : `${segments[0]}/`;
        return this.descend(
          start,
          segments.slice(1).filter((s) => s !== ''),
          out,
        );
      }),
    );
    return out;
  }

  private async descend(base: string, rest: string[], out: string[]): Promise<void> {
    if (rest.length === 0) {
      const info = await stat(base).catch(() => undefined);
      if (info?.isFile()) out.push(base);
      return;
    }
    const [segment, ...tail] = rest as [string, ...string[]];
    if (!segment.includes('*')) {
      await this.descend(join(base, segment), tail, out);
      return;
    }
    const names = await this.list(base);
    if (!names) return;
    const re = globRegex(segment, this.env.caseInsensitive);
    await Promise.all(names.filter((n) => re.test(n)).map((n) => this.descend(join(base, n), tail, out)));
  }
}
