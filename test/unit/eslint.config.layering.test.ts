// The layer rules are enforced by ESLint, not hoped for: prove that each rule fires.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/repoRoot.ts';

const root = ROOT;
const eslint = new ESLint({ cwd: root });

async function messages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layer rules', () => {
  it('core may not import electron', async () => {
    const m = await messages("import { app } from 'electron';\nexport const x = app;\n", 'src-main/core/certs/bad.ts');
    expect(m.join('\n')).toContain('core is plain Node');
  });

  it('core may not import the shells', async () => {
    const m = await messages(
      "import { runCli } from '../../cli/main.ts';\nexport const x = runCli;\n",
      'src-main/core/certs/bad.ts',
    );
    expect(m.join('\n')).toContain('core does not depend on the shells');
  });

  it('the renderer may not import Node built-ins or core', async () => {
    const fs = await messages(
      "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      'src-renderer/bad.tsx',
    );
    expect(fs.join('\n')).toContain('never touches the filesystem');
    const cp = await messages(
      "import { spawn } from 'child_process';\nexport const x = spawn;\n",
      'src-renderer/bad.tsx',
    );
    expect(cp.join('\n')).toContain('never touches the filesystem');
    const core = await messages(
      "import { judgeBundle } from '../src-main/core/bundles/judge.ts';\nexport const x = judgeBundle;\n",
      'src-renderer/bad.tsx',
    );
    expect(core.join('\n')).toContain('does not import core');
  });

  it('a file in no layer is an error', async () => {
    const m = await messages('export const x = 1;\n', 'src-main/unlayered/thing.ts');
    expect(m.join('\n')).toContain('is in no layer');
  });

  it('allowed imports pass', async () => {
    expect(
      await messages(
        "import { readFile } from 'node:fs/promises';\nexport const x = readFile;\n",
        'src-main/core/certs/ok.ts',
      ),
    ).toEqual([]);
  });
});

// Core's order, lowest first; each entry may import itself and what is below it, never what is above.
// Entries on one row share a level. This is the house rule written as data, independent of the config.
const CORE_ORDER: string[][] = [
  ['messages.ts', 'cancel.ts', 'dataDir.ts'],
  ['certs/'],
  ['platform/'],
  ['trust/'],
  ['context.ts'],
  ['bundles/'],
  ['pythons/'],
  ['clients/'],
  ['diagnose/'],
  ['repair/'],
];

/** A file that would sit in an entry: the entry itself for a top-level file, a new file in a folder. */
function fileIn(entry: string): string {
  return entry.endsWith('/') ? `src-main/core/${entry}probe.ts` : `src-main/core/${entry}`;
}

/** The relative specifier from `from` to some file in entry `to`. */
function specifier(from: string, to: string): string {
  const target = to.endsWith('/') ? `src-main/core/${to}x.ts` : `src-main/core/${to}`;
  const rel = relative(dirname(from), target);
  return rel.startsWith('.') ? rel : `./${rel}`;
}

describe('core is an ordered allow-list', () => {
  it('a file in certs/ may not import repair/ (the probe of issue 17)', async () => {
    const m = await messages(
      "import { applyPlan } from '../repair/apply.ts';\nexport const x = applyPlan;\n",
      'src-main/core/certs/bad.ts',
    );
    expect(m.join('\n')).toContain('core imports only go down');
  });

  it('a type import that runs backwards is rejected too', async () => {
    const m = await messages(
      "import type { Plan } from '../repair/action.ts';\nexport type X = Plan;\n",
      'src-main/core/diagnose/bad.ts',
    );
    expect(m.join('\n')).toContain('core imports only go down');
  });

  it('every entry of core has a place in the order', () => {
    const entries = readdirSync(join(root, 'src-main/core'), { withFileTypes: true })
      .filter((e) => e.isDirectory() || (/\.(ts|mts|cts)$/.test(e.name) && !e.name.endsWith('.d.ts')))
      .map((e) => (e.isDirectory() ? `${e.name}/` : e.name));
    expect(entries.sort()).toEqual(CORE_ORDER.flat().sort());
  });

  it('each entry may import itself and what is below, and nothing above', async () => {
    const wrong: string[] = [];
    for (const [i, row] of CORE_ORDER.entries()) {
      for (const from of row) {
        for (const [j, targets] of CORE_ORDER.entries()) {
          for (const to of targets) {
            const file = fileIn(from);
            const m = await messages(`import type { X } from '${specifier(file, to)}';\nexport type Y = X;\n`, file);
            const rejected = m.some((x) => x.includes('core imports only go down'));
            if (rejected !== j > i) wrong.push(`${from} -> ${to}: ${rejected ? 'rejected' : 'allowed'}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a new folder in core is in no layer until it is given a place', async () => {
    const m = await messages('export const x = 1;\n', 'src-main/core/newthing/thing.ts');
    expect(m.join('\n')).toContain('is in no layer');
  });
});

describe('.mts, .cts and the preload', () => {
  it('.mts and .cts files are in a layer like .ts files', async () => {
    for (const ext of ['mts', 'cts']) {
      const m = await messages(
        "import { x } from '../repair/apply.ts';\nexport const y = x;\n",
        `src-main/core/certs/bad.${ext}`,
      );
      expect(m.join('\n')).toContain('core imports only go down');
      const none = await messages('export const x = 1;\n', `src-main/unlayered/thing.${ext}`);
      expect(none.join('\n')).toContain('is in no layer');
    }
  });

  it('the preload may not import the renderer, by import or require', async () => {
    const preload = 'src-main/electron/preload.cts';
    const byImport = await messages(
      "import { App } from '../../src-renderer/App.tsx';\nexport const x = App;\n",
      preload,
    );
    expect(byImport.join('\n')).toContain('the preload imports electron only');
    const byRequire = await messages(
      "const { App } = require('../../src-renderer/App.tsx');\nexport const x = App;\n",
      preload,
    );
    expect(byRequire.join('\n')).toContain('the preload imports electron only');
    const core = await messages("import { msg } from '../core/messages.ts';\nexport const x = msg;\n", preload);
    expect(core.join('\n')).toContain('the preload imports electron only');
  });

  it('the preload as it is passes', async () => {
    const preload = 'src-main/electron/preload.cts';
    expect(await messages(readFileSync(join(root, preload), 'utf8'), preload)).toEqual([]);
  });
});

// A small import graph of core: every relative import/export-from specifier, type-only ones included.
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const TYPE_ONLY = /^(?:import|export)\s+type\s/;

function coreGraph(valueOnly: boolean): Map<string, string[]> {
  const coreDir = join(root, 'src-main/core');
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|tsx|mts|cts)$/.test(e.name) && !e.name.endsWith('.d.ts')) files.push(p);
    }
  };
  walk(coreDir);
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const targets: string[] = [];
    for (const m of readFileSync(f, 'utf8').matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (!spec?.startsWith('.')) continue;
      if (valueOnly && TYPE_ONLY.test(m[0].trimStart())) continue;
      const target = join(dirname(f), spec);
      if (target.startsWith(`${coreDir}/`)) targets.push(target);
    }
    graph.set(f, targets);
  }
  return graph;
}

/** Strongly connected groups of more than one file (Tarjan), as paths relative to core. */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(relative(join(root, 'src-main/core'), w));
      } while (w !== v);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('no import circles in core', () => {
  it('the graph walker sees the imports (a known edge is there)', () => {
    const graph = coreGraph(false);
    expect(graph.get(join(root, 'src-main/core/repair/walk.ts'))).toContain(
      join(root, 'src-main/core/repair/elevatedBatch.ts'),
    );
  });

  it('no circle among the files of repair/, type imports included', () => {
    const inRepair = cycles(coreGraph(false)).filter((c) => c.some((f) => f.startsWith('repair/')));
    expect(inRepair).toEqual([]);
  });

  it('no circle of value imports anywhere in core', () => {
    expect(cycles(coreGraph(true))).toEqual([]);
  });

  // Circles of type imports only cost nothing at run time; these three remain, in shared type files
  // (platform/types.ts, diagnose/types.ts, bundles/judge.ts). The list only shrinks: a new circle fails.
  it('the circles of type imports left in core are exactly the known ones', () => {
    const known = [
      ['bundles/judge.ts', 'bundles/staleness.ts'],
      ['diagnose/clientRuns/types.ts', 'diagnose/types.ts'],
      ['platform/fileIndex.ts', 'platform/launch.ts', 'platform/mounts.ts', 'platform/types.ts'],
    ];
    const found = cycles(coreGraph(false)).sort((x, y) => x[0]!.localeCompare(y[0]!));
    expect(found).toEqual(known);
  });
});
