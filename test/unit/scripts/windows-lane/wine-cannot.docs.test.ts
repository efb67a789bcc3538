// The Windows lane's list of what Wine cannot do (scripts/windows-lane/wine-cannot.json) is printed
// at the end of every lane run and given in docs/windows.md: one list, so the two cannot drift. Each
// place it says a behaviour is covered instead must exist.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../../helpers/repoRoot.ts';

const { cannot } = JSON.parse(readFileSync(`${ROOT}scripts/windows-lane/wine-cannot.json`, 'utf8')) as {
  cannot: Array<{ what: string; why: string; lane: string; coveredBy: string[] }>;
};
const docs = readFileSync(`${ROOT}docs/windows.md`, 'utf8');
const section = docs.slice(docs.indexOf('## The Windows lane'));

describe("the Windows lane's list of what Wine cannot do", () => {
  it('names at least PowerShell, certutil, a granted UAC prompt and Windows Pythons', () => {
    expect(cannot.map((c) => c.what)).toEqual(
      expect.arrayContaining(['PowerShell', 'certutil', 'a granted UAC prompt', 'Windows Pythons']),
    );
  });

  it('is in docs/windows.md, each item with every test that covers it instead, and those tests exist', () => {
    expect(docs).toContain('## The Windows lane');
    for (const c of cannot) {
      expect(section, c.what).toContain(`**${c.what}**`);
      for (const file of c.coveredBy) {
        expect(existsSync(`${ROOT}${file}`), file).toBe(true);
        expect(section, `${c.what}: ${file}`).toContain(file);
      }
    }
  });
});
