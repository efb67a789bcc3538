// The layer rules are enforced by ESLint, not hoped for: prove that each rule fires.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/repoRoot.ts';

const eslint = new ESLint({ cwd: ROOT });

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
    const m = await messages("import { runCli } from '../../cli/main.ts';\nexport const x = runCli;\n", 'src-main/core/certs/bad.ts');
    expect(m.join('\n')).toContain('core does not depend on the shells');
  });

  it('the renderer may not import Node built-ins or core', async () => {
    const fs = await messages("import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'src-renderer/bad.tsx');
    expect(fs.join('\n')).toContain('never touches the filesystem');
    const cp = await messages("import { spawn } from 'child_process';\nexport const x = spawn;\n", 'src-renderer/bad.tsx');
    expect(cp.join('\n')).toContain('never touches the filesystem');
    const core = await messages("import { judgeBundle } from '../src-main/core/bundles/judge.ts';\nexport const x = judgeBundle;\n", 'src-renderer/bad.tsx');
    expect(core.join('\n')).toContain('does not import core');
  });

  it('a file in no layer is an error', async () => {
    const m = await messages('export const x = 1;\n', 'src-main/unlayered/thing.ts');
    expect(m.join('\n')).toContain('is in no layer');
  });

  it('allowed imports pass', async () => {
    expect(await messages("import { readFile } from 'node:fs/promises';\nexport const x = readFile;\n", 'src-main/core/certs/ok.ts')).toEqual([]);
  });
});
