// The home folder written `~`: what makes a per-machine report portable (no person's folder name in a
// file sent to IT) and a bundle's id the same on every machine (`~/.pyenv/.../cacert.pem` hashes alike
// under /home/ann and /Users/bob). The grammar is an argument, so Windows' homes (C:\Users\Ann, either
// slash, any case) are tested on any host; the running machine's answer is `homeAsTilde`.
import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { platformFor } from './index.ts';

export interface HomeStyle {
  /** Windows: `\` and `/` both separate folders, and a drive letter leads. */
  windows: boolean;
  /** Names match without regard to case (Windows, macOS). */
  caseInsensitive: boolean;
}

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A home folder less its trailing separators; undefined when it is a root (`/`, `C:\`) or empty,
 * which would make every path "under the home". */
function trimmedHome(home: string, style: HomeStyle): string | undefined {
  const trimmed = home.replace(style.windows ? /[\\/]+$/ : /\/+$/, '');
  const names = trimmed.split(style.windows ? /[\\/]/ : '/').filter((n) => n !== '' && !/^[A-Za-z]:$/.test(n));
  return names.length > 0 ? trimmed : undefined;
}

/**
 * A replacer: every place in a text where one of `homes` begins a path (at the start, or after a
 * character no file name ends with: a quote, a space, a list separator) and ends at a separator or a
 * non-name character becomes `~`. `/root/x:/root/y` -> `~/x:~/y`; `/rooted/x` and `/a/root/x` stay.
 */
export function homeAsTildeIn(homes: readonly string[], style: HomeStyle): (text: string) => string {
  const names = [...new Set(homes.map((h) => trimmedHome(h, style)).filter((h): h is string => h !== undefined))].sort(
    (a, b) => b.length - a.length,
  ); // the longer first: /home/ann/real before /home/ann
  if (names.length === 0) return (text) => text;
  const sep = style.windows ? '[\\\\/]' : '/';
  const alternatives = names.map((h) => escaped(h).replace(style.windows ? /\\\\|\//g : /\//g, sep)).join('|');
  // A name character: what may stand right before or after the home inside a longer path.
  const nameChar = style.windows ? '[^\\\\/\\s"\'`;:=,<>|()[\\]{}]' : '[^/\\s"\'`;:=,<>|()[\\]{}]';
  const pattern = new RegExp(
    `(?<!${nameChar}|${sep})(?:${alternatives})(?!${nameChar})`,
    style.caseInsensitive ? 'gi' : 'g',
  );
  return (text) => text.replace(pattern, '~');
}

let memo: { home: string; replace: (text: string) => string } | undefined;

/** This machine's home folder as `~` in `text` (its path as given and its real path, when they differ). */
export function homeAsTilde(text: string): string {
  const home = homedir();
  if (memo?.home !== home) {
    let real = home;
    try {
      real = realpathSync.native(home);
    } catch {
      // A home folder that does not exist has only its given name.
    }
    const platform = platformFor();
    memo = {
      home,
      replace: homeAsTildeIn([home, real], {
        windows: platform.id === 'win32',
        caseInsensitive: platform.caseInsensitivePaths,
      }),
    };
  }
  return memo.replace(text);
}
