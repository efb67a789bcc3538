// README is the front door (issue 17): short, starting with the two set-up commands CI runs, and
// every relative link in it and in docs/ leads to a file that exists. The safety rules the code
// cites by number ("safety rule 3") are defined in docs/safety-rules.md, and each file that cites
// one names that file, so a reader of the code can find what the number means.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

function filesUnder(dir: string, ok: (name: string) => boolean): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const rel = join(dir, name);
    if (statSync(join(ROOT, rel)).isDirectory()) return filesUnder(rel, ok);
    return ok(name) ? [rel] : [];
  });
}

const DOCS = filesUnder('docs', (n) => n.endsWith('.md'));
const PAGES = ['README.md', ...DOCS];

/** Markdown links and images whose target is a path in this repository (no scheme, not only an anchor). */
function relativeLinks(text: string): string[] {
  const withoutCode = text.replace(/```[\s\S]*?```/g, '');
  return [...withoutCode.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((m) => m[1] as string)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'));
}

/** Every number a comment cites as "safety rule N", "safety rules 2-6", "safety rules 2 and 4", "safety rules 2-5, 8". */
function citedRules(text: string): number[] {
  const found: number[] = [];
  // A citation may wrap onto the next comment line: "(safety\n// rule 7)".
  const joined = text.replace(/\n\s*(?:\/\/|\*)\s*/g, ' ');
  for (const m of joined.matchAll(/safety rules? (\d+(?:\s*(?:-|–|,|and)\s*\d+)*)/gi)) {
    for (const part of (m[1] as string).split(/\s*(?:,|and)\s*/)) {
      const [from, to] = part.split(/\s*[-–]\s*/).map(Number) as [number, number | undefined];
      for (let n = from; n <= (to ?? from); n++) found.push(n);
    }
  }
  return found;
}

describe('README is short and starts with the two set-up commands', () => {
  const readme = read('README.md');
  const lines = readme.split('\n');

  it('has at most 200 lines', () => {
    expect(lines.length).toBeLessThanOrEqual(200);
  });

  it('opens with one code block holding `npm ci && npx trustfix scan` and `npm ci && npm test`', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme);
    expect(firstBlock).not.toBeNull();
    expect(lines.findIndex((l) => l.startsWith('```'))).toBeLessThan(10);
    const commands = firstBlock![1]!.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    expect(commands).toEqual(['npm ci && npx trustfix scan', 'npm ci && npm test']);
  });

  it('gives the test command .ci/run runs', () => {
    expect(read('.ci/run')).toMatch(/^npm test /m);
    expect(JSON.parse(read('package.json')).scripts.test).toBeTruthy();
  });
});

describe('links in README.md and docs/', () => {
  it('finds the pages and their links (the check below has something to check)', () => {
    expect(DOCS).toEqual(
      expect.arrayContaining([
        'docs/cli.md',
        'docs/app.md',
        'docs/ARCHITECTURE.md',
        'docs/safety-rules.md',
        'docs/README.md',
      ]),
    );
    expect(relativeLinks(read('README.md')).length).toBeGreaterThan(5);
  });

  it.each(PAGES)('%s: every relative link is an anchor-free path to an existing file', (page) => {
    for (const target of relativeLinks(read(page))) {
      expect(target, `${page}: ${target}`).not.toContain('#');
      const resolved = join(ROOT, dirname(page), decodeURI(target));
      expect(existsSync(resolved), `${page}: ${target} (${relative(ROOT, resolved)})`).toBe(true);
    }
  });

  it('docs/README.md lists every page in docs/', () => {
    const index = relativeLinks(read('docs/README.md')).map((t) => join('docs', t));
    for (const page of DOCS.filter((p) => p !== 'docs/README.md')) expect(index, page).toContain(page);
  });
});

describe('the safety rules the code cites', () => {
  const rulesPage = existsSync(join(ROOT, 'docs/safety-rules.md')) ? read('docs/safety-rules.md') : '';
  const defined = new Set([...rulesPage.matchAll(/^## Rule (\d+):/gm)].map((m) => Number(m[1])));
  const sources = filesUnder('src-main', (n) => /\.(c|m)?tsx?$/.test(n)).concat(
    filesUnder('src-renderer', (n) => /\.tsx?$/.test(n)),
  );
  const citing = sources.map((f) => ({ file: f, rules: citedRules(read(f)) })).filter((c) => c.rules.length > 0);

  it('reads citations the way comments write them', () => {
    expect(citedRules('safety rule 3; safety rules 2-5, 8; Safety rules 2 and 6; (safety\n  // rule 7)')).toEqual([
      3, 2, 3, 4, 5, 8, 2, 6, 7,
    ]);
    expect(citing.length).toBeGreaterThan(5);
  });

  it('every rule cited in src-main, src-renderer and test/ is defined in docs/safety-rules.md', () => {
    const tests = filesUnder('test', (n) => /\.tsx?$/.test(n)).map((f) => ({ file: f, rules: citedRules(read(f)) }));
    for (const { file, rules } of [...citing, ...tests])
      for (const n of rules) expect(defined.has(n), `${file} cites safety rule ${n}`).toBe(true);
    expect(defined.size).toBeGreaterThan(0);
  });

  it('every file that cites a rule names docs/safety-rules.md', () => {
    for (const { file } of citing) expect(read(file), file).toContain('docs/safety-rules.md');
  });
});
