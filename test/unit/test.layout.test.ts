// Where a test lives says what it tests. The rule (docs/testing.md):
//
//   test/<kind>/<folder of what it tests>/<module>[.<case>].test.ts(x)
//
// kind:   unit         one module, in process
//         integration  the source or built CLI, or the API, against real files, servers, interpreters
//         e2e          the renderer in a browser (or the Electron app)
//         windows      the Windows lane under Wine (vitest.windows.config.ts, scripts/windows-lane);
//                      its own root, not checked here
// folder: the path of what is tested, as in src-main/ or src-renderer/ with that prefix left off
//         (src-main/core/certs/pem.ts -> test/unit/core/certs/pem.test.ts; src-renderer/wizard/
//         TrustRoot.tsx -> test/unit/wizard/TrustRoot.test.tsx); for what lives elsewhere in the repo,
//         its own path (assets/locales/, scripts/windows-lane/, bin/, the root for electron-builder.yml);
//         helpers/ for tests of the test infrastructure in test/helpers/.
// module: the file or folder tested, in its own casing (bodyMemo, not body-memo). An integration test
//         is named after where it enters: a CLI command (cli/commands/scan.json-identical.test.ts),
//         an API module (api/dispatch.repair.test.ts), or the core module whose promise it checks
//         (core/repair/lock.test.ts).
// case:   after a dot, when one module has several test files (lock.takeover, scan.cache).
// Helpers stay in test/helpers/, fixtures in test/fixtures/. Moving tests: scripts/test-moves.json
// and scripts/apply-test-moves.mjs, which also rewrites relative imports and every mention.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/repoRoot.ts';

const KINDS = ['unit', 'integration', 'e2e'];
const NOT_TESTS = ['test/windows', 'test/helpers', 'test/fixtures'];

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) {
      if (!NOT_TESTS.includes(rel)) out.push(...testFiles(rel));
    } else if (/\.test\.tsx?$/.test(e.name)) out.push(rel);
  }
  return out;
}

/** The folders a test folder may mirror: src-main's, src-renderer's, the repo's own, test/helpers. */
function mirrored(folder: string): string[] {
  const first = folder.split('/')[0];
  if (folder === 'helpers') return ['test/helpers'];
  if (['src-main', 'src-renderer', 'test', 'node_modules', 'dist'].includes(first ?? '')) return [];
  const under = (top: string): string => (folder ? `${top}/${folder}` : top);
  return [under('src-main'), under('src-renderer'), folder || '.'].filter(
    (d) => existsSync(join(ROOT, d)) && statSync(join(ROOT, d)).isDirectory(),
  );
}

/** Why a test file breaks the rule, or '' when it keeps it. */
function misplaced(file: string): string {
  const [, kind, ...rest] = file.split('/');
  if (!KINDS.includes(kind ?? '')) return `${file}: not under test/unit, test/integration or test/e2e`;
  const name = rest.pop() ?? '';
  const folder = rest.join('/');
  const folders = mirrored(folder);
  if (folders.length === 0) return `${file}: no folder ${folder || '(root)'} in src-main/, src-renderer/ or the repo`;
  const module = name.split('.')[0];
  const found = folders.some((d) =>
    readdirSync(join(ROOT, d)).some((entry) => entry === module || entry.split('.')[0] === module),
  );
  return found ? '' : `${file}: nothing named ${module} in ${folders.join(' or ')}`;
}

describe('test layout', () => {
  it('every test sits under its kind, in the folder of what it tests, named after it', () => {
    const files = testFiles('test');
    expect(files.length).toBeGreaterThan(100);
    expect(files.map(misplaced).filter(Boolean)).toEqual([]);
  });

  it('names what breaks the rule, and why', () => {
    expect(misplaced('test/check/example.test.ts')).toBe(
      'test/check/example.test.ts: not under test/unit, test/integration or test/e2e',
    );
    expect(misplaced('test/unit/body-memo-cache.test.ts')).toBe(
      'test/unit/body-memo-cache.test.ts: nothing named body-memo-cache in src-main or src-renderer or .',
    );
    expect(misplaced('test/unit/certs/pem.test.ts')).toBe(
      'test/unit/certs/pem.test.ts: no folder certs in src-main/, src-renderer/ or the repo',
    );
    expect(misplaced('test/unit/core/certs/bodyMemo.test.ts')).toBe('');
    expect(misplaced('test/unit/core/repair/lock.takeover.test.ts')).toBe('');
  });
});
