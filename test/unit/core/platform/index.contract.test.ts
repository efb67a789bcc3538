// The platform contract (issue 14): everything that differs by OS lives in src-main/core/platform/<os>.ts
// behind the one Platform interface, so "where are Windows roots read?" has one answer. This runs the
// issue's own grep over src-main and fails, naming file and line, on any OS branch found elsewhere.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../../helpers/repoRoot.ts';

const SRC = join(ROOT, 'src-main');
/** The pattern (`grep -rn "process.platform\|=== 'win32'\|=== 'darwin'" src-main`), widened to
 * any comparison with an OS id (`platform.id !== 'linux'`, `os === 'win32'`). */
const BRANCH = /process\.platform|[!=]==? ?'(win32|darwin|linux)'/;
/** Where OS branches belong: the backends, and platform/index.ts, which chooses one (the entry
 * points ask platformFor() and never read process.platform themselves). */
const HOME = 'src-main/core/platform/';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(e.name) ? [p] : [];
  });
}

/** Every line outside platform/ that the grep finds, as "file:line: text". */
function branchesOutsidePlatform(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const rel = relative(ROOT, file).split(sep).join('/');
    if (rel.startsWith(HOME)) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        if (BRANCH.test(text)) found.push(`${rel}:${i + 1}: ${text.trim()}`);
      });
  }
  return found;
}

describe('platform contract', () => {
  it('finds OS branches only in src-main/core/platform/, where platform/index.ts chooses the backend', () => {
    expect(branchesOutsidePlatform(), `OS branches outside ${HOME}: move them into a backend`).toEqual([]);
  });

  it('looks where the code is: the grep does find the branches inside platform/', () => {
    // Guards the guard: a wrong root or pattern would find nothing anywhere and pass for that reason.
    const index = readFileSync(join(SRC, 'core', 'platform', 'index.ts'), 'utf8');
    expect(index.split('\n').filter((l) => BRANCH.test(l)).length).toBeGreaterThan(0);
    expect(sourceFiles(SRC).length).toBeGreaterThan(50);
  });
});
