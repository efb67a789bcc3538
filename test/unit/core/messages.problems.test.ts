// Errors for people, one type (issue 17): every error class in src-main is a Problem (core/messages.ts)
// or a subclass of it that adds a field; every code a thrower names is in the English AND the Chinese
// tables; the API and the CLI throw nothing else; and one function (problemOf) turns whatever was
// thrown into a Message for every catcher. Read from the sources, so a new thrower is checked too.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, resources } from '../../../assets/locales/resources.ts';
import { FetchError } from '../../../src-main/core/diagnose/fetchChain.ts';
import { msg, Problem, problemOf } from '../../../src-main/core/messages.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SRC = join(ROOT, 'src-main');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.(c|m)?ts$/.test(e.name) ? [full] : [];
  });
}
const files = sources(SRC).map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));

/** Every `class A extends B` in src-main. */
const parents = new Map<string, { parent: string; file: string }>();
for (const f of files)
  for (const m of f.text.matchAll(/\bclass\s+(\w+)\s+extends\s+(\w+)/g))
    parents.set(m[1]!, { parent: m[2]!, file: f.path });
function chain(name: string): string[] {
  const out = [name];
  for (let p = parents.get(name); p && out.length < 20; p = parents.get(p.parent)) out.push(p.parent);
  return out;
}
const ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'AggregateError']);
const errorClasses = [...parents.keys()].filter((c) => chain(c).some((n) => ERRORS.has(n)));
const problemClasses = new Set(errorClasses.filter((c) => chain(c).includes('Problem')));

/** Does `code` (a literal, or a template whose `${...}` parts stand for any key segment) name a key
 * in this language's tables? */
function inTables(code: string, lang: (typeof LANGUAGES)[number]): boolean {
  const [ns, ...rest] = code.split(':');
  const key = rest.join(':');
  const table = (resources[lang] as Record<string, Record<string, string>>)[ns!] ?? {};
  if (!key.includes('${')) return key in table;
  const re = new RegExp(
    `^${key
      .split(/\$\{[^}]*\}/)
      .map((s) => s.replace(/[.*+?^()|[\]\\]/g, '\\$&'))
      .join('[\\w-]+')}$`,
  );
  return Object.keys(table).some((k) => re.test(k));
}

/** The codes thrown for people: `new Problem(msg('…'))` (or a subclass), and `refuse('x')`, whose
 * namespace comes from the refuse() the file uses (its own, or pathGuard.ts's). */
function thrownCodes(): Array<{ code: string; file: string }> {
  const out: Array<{ code: string; file: string }> = [];
  const classes = [...problemClasses].join('|');
  const refusePrefix = (text: string): string | undefined =>
    /refuse\b[^\n]*\n?[^\n]*new Problem\(msg\(`([\w:.-]+)\$\{code\}`/.exec(text)?.[1];
  const guardPrefix = refusePrefix(files.find((f) => f.path.endsWith('repair/pathGuard.ts'))!.text)!;
  for (const f of files) {
    for (const m of f.text.matchAll(new RegExp(`new (?:${classes})\\(msg\\((['\`])([^'\`]+)\\1`, 'g'))) {
      if (!m[2]!.startsWith('${')) out.push({ code: m[2]!, file: f.path });
    }
    const prefix =
      refusePrefix(f.text) ??
      (/import \{[^}]*\brefuse\b[^}]*\} from '[^']*pathGuard\.ts'/.test(f.text) ? guardPrefix : undefined);
    for (const m of f.text.matchAll(/\brefuse\((['`])([^'`]+)\1/g))
      out.push({ code: `${prefix ?? '?:'}${m[2]}`, file: f.path });
  }
  return out;
}

describe('errors for people are one type', () => {
  it('every error class in src-main is Problem or extends it (and adds a field)', () => {
    expect(parents.get('Problem')).toEqual({ parent: 'Error', file: 'src-main/core/messages.ts' });
    const others = errorClasses.filter((c) => !problemClasses.has(c)).map((c) => `${c} (${parents.get(c)!.file})`);
    expect(others).toEqual([]);
    // A subclass is kept for a field (or, ConflictError, for a walk to tell it apart): no plain renames.
    for (const c of problemClasses) {
      if (c === 'Problem') continue;
      const { file } = parents.get(c)!;
      const body = files
        .find((f) => f.path === file)!
        .text.split(new RegExp(`class ${c}\\b`))[1]!
        .split('\n}\n')[0]!;
      expect(/readonly \w+|constructor\((?!problem: Message\))/.test(body), `${c} adds nothing to Problem`).toBe(true);
    }
  });

  it('every code a thrower names is in the English and the Chinese tables', () => {
    const thrown = thrownCodes();
    expect(thrown.map((t) => t.code)).toEqual(
      expect.arrayContaining([
        'repair:refused.locked',
        'repair:refused.dotdot',
        'trust:refused.wouldWeaken',
        'common:cli.badDate',
        'check:cli.badTimeout',
      ]),
    );
    expect(thrown.length).toBeGreaterThan(40);
    const missing = LANGUAGES.flatMap((lang) =>
      thrown.filter((t) => !inTables(t.code, lang)).map((t) => `${lang}: ${t.code} (${t.file})`),
    );
    expect(missing).toEqual([]);
  });

  it('the API and the CLI throw nothing for people but Problems', () => {
    const plain = files
      .filter((f) => /^src-main\/(api|cli)\//.test(f.path))
      .flatMap((f) => [...f.text.matchAll(/new ((?:Type|Range)?Error)\(/g)].map((m) => `${f.path}: new ${m[1]}(`));
    expect(plain).toEqual([]);
  });

  it('every catcher uses problemOf, none reads a `problem` field off whatever was thrown', () => {
    for (const catcher of [
      'src-main/api/dispatch.ts',
      'src-main/api/scanRunner.ts',
      'src-main/cli/main.ts',
      'src-main/core/repair/step.ts',
    ]) {
      expect(files.find((f) => f.path === catcher)!.text, catcher).toMatch(/\bproblemOf\(/);
    }
    const duck = files.filter((f) => /as \{ problem\?: Message/.test(f.text)).map((f) => f.path);
    expect(duck).toEqual([]);
  });
});

describe('problemOf, the one catcher', () => {
  it("says a Problem's own Message, a subclass's too", () => {
    expect(problemOf(new Problem(msg('repair:refused.locked', { path: '/x' })))).toEqual({
      code: 'repair:refused.locked',
      params: { path: '/x' },
    });
    expect(problemOf(new FetchError('dns', 'getaddrinfo ENOTFOUND x.invalid', 'ENOTFOUND'))).toEqual({
      code: 'check:detail.unreachable.dns',
      params: { error: 'getaddrinfo ENOTFOUND x.invalid' },
    });
  });

  it('says anything else as unexpected, its words kept as the detail, in a sentence both tables have', () => {
    const m = problemOf(new TypeError('x is not a function'));
    expect(m).toEqual({ code: 'common:error.unexpected', params: { detail: 'x is not a function' } });
    for (const lang of LANGUAGES) expect(inTables(m.code, lang), lang).toBe(true);
    expect(problemOf('plain words', (reason) => msg('app:api.failed', { channel: 'scan.start', reason }))).toEqual({
      code: 'app:api.failed',
      params: { channel: 'scan.start', reason: 'plain words' },
    });
  });
});
