// The platform contract (issue 14): everything that differs by OS lives in src-main/core/platform/<os>.ts
// behind the one Platform interface, so "where are Windows roots read?" has one answer. This runs the
// issue's own grep over src-main and fails, naming file and line, on any OS branch found elsewhere.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'src-main');
/** The pattern: `grep -rn "process.platform\|=== 'win32'\|=== 'darwin'" src-main`. */
const BRANCH = /process\.platform|=== 'win32'|=== 'darwin'/;
/** Where OS branches belong: the backends, and platform/index.ts, which chooses one. */
const HOME = 'src-main/core/platform/';

/**
 * Sites allowed outside platform/ with how many matching lines each has. Empty: every OS branch has
 * moved. Were one ever needed (to move next), it would be listed here by file and count, and the
 * second test keeps the list from outliving the code.
 */
const NOT_YET_MOVED: Record<string, number> = {};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(e.name) ? [p] : [];
  });
}

/** Every line outside platform/ that the grep finds, as "file:line: text". */
function branchesOutsidePlatform(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const rel = relative(ROOT, file).split(sep).join('/');
    if (rel.startsWith(HOME)) continue;
    readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
      if (!BRANCH.test(text)) return;
      found.set(rel, [...(found.get(rel) ?? []), `${rel}:${i + 1}: ${text.trim()}`]);
    });
  }
  return found;
}

describe('platform contract', () => {
  it('finds OS branches only in src-main/core/platform/ (and the sites still listed to move next)', () => {
    const unexpected: string[] = [];
    for (const [file, lines] of branchesOutsidePlatform()) {
      if (lines.length > (NOT_YET_MOVED[file] ?? 0)) unexpected.push(...lines);
    }
    expect(unexpected, `OS branches outside ${HOME}; move them into a backend`).toEqual([]);
  });

  it('keeps the list of sites to move honest: a listed file that has been moved leaves the list', () => {
    const found = branchesOutsidePlatform();
    const stale = Object.entries(NOT_YET_MOVED)
      .filter(([file, n]) => (found.get(file)?.length ?? 0) < n)
      .map(([file, n]) => `${file}: listed ${n}, found ${found.get(file)?.length ?? 0}`);
    expect(stale).toEqual([]);
  });
});
