// A stale certifi copy carries its release date (staleness.bundleReleasedAt) from its owner's
// version. Copies of the same bytes share one frozen judgement (judge.ts, issue 12's memory bound),
// so the date must go on each copy's own record: before, setting it on the shared judgement threw
// "Cannot assign to read only property 'staleness'" and every scan with a stale certifi failed.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, trustfix } from '../../../helpers/cli.ts';
import { tempDir } from '../../../helpers/tmp.ts';

let dir: string;
let cleanup: () => void;
const copies = [
  { version: '2024.08.30', site: 'a' },
  { version: '2024.8.30', site: 'b' },
];

beforeAll(() => {
  ({ dir, cleanup } = tempDir('trustfix-certifi-release-'));
  for (const c of copies) {
    const pkg = join(dir, c.site, 'site-packages', 'certifi');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, '__init__.py'), `__version__ = "${c.version}"\n`);
    copyFileSync(`${FIXTURES}certifi-2024.08.30.pem`, join(pkg, 'cacert.pem'));
  }
});
afterAll(() => cleanup());

describe('two certifi copies of the same bytes', () => {
  it('are judged once and each carries its own release date', async () => {
    const run = await trustfix(
      ['scan', dir, '--json', '--reference', `${FIXTURES}certifi-2026.05.20.pem`, '--at', '2026-12-03'],
      { timeout: 60_000 },
    );
    expect(run.stderr).not.toContain('read only');
    const report = JSON.parse(run.stdout) as {
      bundles: Array<{ path: string; status: string; staleness?: { grade: string; bundleReleasedAt?: string } }>;
    };
    expect(report.bundles).toHaveLength(2);
    for (const b of report.bundles) {
      expect(b.status, b.path).toBe('stale');
      expect(b.staleness).toMatchObject({ grade: 'outdated', bundleReleasedAt: '2024-08-30' });
    }
  });
});
