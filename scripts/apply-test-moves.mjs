// Moves tests to where the layout rule puts them (scripts/test-moves.json: old path -> new path,
// the rule itself is the opening comment of test/unit/test-layout.test.ts) and rewrites what points
// at them. Idempotent: run it again after merging a branch that still names old paths, or that
// changed a test at its old place, and it finishes the job without touching what is already right.
//   node scripts/apply-test-moves.mjs          move and rewrite
//   node scripts/apply-test-moves.mjs --check  change nothing; list what it would change, exit 1 if any
//
// 1. Every old path still tracked is `git mv`ed to its new path.
// 2. In each moved file, every relative specifier ('./x', '../x': imports, vi.mock, import(),
//    new URL(..., import.meta.url), snapshot paths) that named something at the old place is made to
//    name the same thing from the new place. A file moved in this run has all its specifiers resolved
//    against the old folder; a file already at its new place (a merge carried edits onto it) only has
//    the specifiers that name nothing from where it is now but something from where it was.
// 3. In every tracked text file, a mention of an old path (`test/unit/pem.test.ts`, `unit/pem.test.ts`)
//    or of an old file name that only one old path has (`pem.test.ts`) becomes the new path.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, posix, relative, resolve, sep } from 'node:path';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const check = process.argv.includes('--check');
const moves = JSON.parse(readFileSync(join(ROOT, 'scripts/test-moves.json'), 'utf8'));
const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' });
const changes = [];

const tracked = () => new Set(git('ls-files', '-z').split('\0').filter(Boolean));
const toPosix = (p) => p.split(sep).join('/');

// 1. Moves.
let files = tracked();
const movedNow = new Set();
for (const [from, to] of Object.entries(moves)) {
  if (!files.has(from)) continue;
  if (existsSync(join(ROOT, to))) {
    console.error(`both ${from} and ${to} exist: merge them by hand, then run this again`);
    process.exitCode = 1;
    continue;
  }
  changes.push(`git mv ${from} ${to}`);
  movedNow.add(to);
  if (check) continue;
  execFileSync('mkdir', ['-p', dirname(join(ROOT, to))]);
  git('mv', from, to);
}
if (!check) files = tracked();

// 2. Relative specifiers inside moved files.
const newOf = new Map(Object.entries(moves));
/** What a repo-relative path is called after the moves, or null when it names nothing. */
function target(repoPath) {
  if (repoPath.startsWith('..') || repoPath.startsWith('node_modules') || repoPath.startsWith('dist')) return null;
  if (newOf.has(repoPath)) return newOf.get(repoPath);
  return existsSync(join(ROOT, repoPath)) ? repoPath : null;
}
const SPECIFIER = /(['"`])(\.\.?\/[^'"`$\n]*)(?=\1|\$\{)/g;
function respecify(text, oldFile, newFile, onlyBroken) {
  return text.replace(SPECIFIER, (whole, quote, spec) => {
    const trailing = spec.endsWith('/') ? '/' : '';
    if (onlyBroken && target(toPosix(posix.join(dirname(newFile), spec)).replace(/\/$/, '') || '.') !== null)
      return whole;
    const fromOld = toPosix(posix.join(dirname(oldFile), spec)).replace(/\/$/, '') || '.';
    const named = fromOld === '.' ? '.' : target(fromOld);
    if (named === null) return whole;
    let rel = toPosix(relative(dirname(newFile), named)) || '.';
    if (!rel.startsWith('.')) rel = `./${rel}`;
    rel += trailing && !rel.endsWith('/') ? '/' : '';
    return rel === spec ? whole : `${quote}${rel}`;
  });
}
for (const [from, to] of Object.entries(moves)) {
  const inTree = check ? (movedNow.has(to) ? from : to) : to;
  if (!existsSync(join(ROOT, inTree)) || (files.has(from) && !check)) continue;
  const text = readFileSync(join(ROOT, inTree), 'utf8');
  const next = respecify(text, from, to, !movedNow.has(to));
  if (next !== text) {
    changes.push(`relative paths in ${to}`);
    if (!check) writeFileSync(join(ROOT, to), next);
  }
}

// 2b. Files that stay, naming a moved file by a relative specifier (a helper importing a moved one).
for (const file of check ? tracked() : files) {
  if (!/\.(ts|tsx|mts|cts|js|mjs)$/.test(file) || !/^(test|scripts)\//.test(file) || file.startsWith('test/fixtures/'))
    continue;
  if (Object.values(moves).includes(file) || newOf.has(file)) continue;
  const text = readFileSync(join(ROOT, file), 'utf8');
  const next = text.replace(SPECIFIER, (whole, quote, spec) => {
    const named = toPosix(posix.join(dirname(file), spec));
    if (!newOf.has(named)) return whole;
    let rel = toPosix(relative(dirname(file), newOf.get(named)));
    if (!rel.startsWith('.')) rel = `./${rel}`;
    return `${quote}${rel}`;
  });
  if (next !== text) {
    changes.push(`relative paths to moved files in ${file}`);
    if (!check) writeFileSync(join(ROOT, file), next);
  }
}

// 3. Mentions of old paths in every tracked text file.
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const rules = [];
const oldNames = new Map();
for (const from of Object.keys(moves)) oldNames.set(basename(from), (oldNames.get(basename(from)) ?? 0) + 1);
// A bare name stays when a file that is not moved has it too (test/windows/cmd-shims.test.ts).
const newNames = new Set(Object.values(moves).map((to) => basename(to)));
const moved = new Set([...Object.keys(moves), ...Object.values(moves)]);
for (const file of tracked()) if (!moved.has(file)) newNames.add(basename(file));
for (const [from, to] of Object.entries(moves)) {
  // `test/unit/pem.test.ts`, `unit/pem.test.ts`: not when it is the tail of a longer path.
  rules.push([new RegExp(`(?<![\\w./-])(?:test/)?${escape(from.slice('test/'.length))}(?![\\w-])`, 'g'), to]);
  const name = basename(from);
  const own = oldNames.get(name) === 1 && (!newNames.has(name) || basename(to) === name);
  if (own) rules.push([new RegExp(`(?<![\\w./-])${escape(name)}(?![\\w-])`, 'g'), to]);
}
const TEXT = /\.(ts|tsx|mts|cts|js|mjs|cjs|json|md|yml|yaml|sh|txt)$|^\.ci\/run$/;
for (const file of check ? tracked() : files) {
  if (
    !TEXT.test(file) ||
    file.startsWith('test/fixtures/') ||
    file === 'scripts/test-moves.json' ||
    file === 'scripts/apply-test-moves.mjs'
  )
    continue;
  const path = join(ROOT, file);
  if (!existsSync(path)) continue;
  const text = readFileSync(path, 'utf8');
  let next = text;
  for (const [pattern, to] of rules) next = next.replace(pattern, to);
  if (next !== text) {
    changes.push(`mentions in ${file}`);
    if (!check) writeFileSync(path, next);
  }
}

for (const c of changes) console.log(c);
if (changes.length === 0)
  console.log('tests already where scripts/test-moves.json puts them; nothing names an old path');
if (check && changes.length > 0) process.exitCode = 1;
