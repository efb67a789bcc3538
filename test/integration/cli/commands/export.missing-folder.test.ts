// Issue 14, found by the Windows lane (and the same on Linux): `trustfix export FP --out DIR/missing/file.pem`
// into a folder that does not exist must not fail at write time with a raw "ENOENT: no such file or
// directory". It is refused when planned, saying which folder is missing and what to do, in the user's language,
// and nothing is written or made.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitBundle } from '../../../../src-main/core/certs/pem.ts';
import { FIXTURES, trustfix } from '../../../helpers/cli.ts';
import { tempDirForFile } from '../../../helpers/tmp.ts';

const STORE = `${FIXTURES}debian12-ca-certificates.crt`;
const FP = createHash('sha256')
  .update(splitBundle(readFileSync(STORE)).ders[0]!)
  .digest('hex')
  .slice(0, 16);
const dir = tempDirForFile('trustfix-export-missing-');

describe('export into a folder that does not exist', () => {
  it('is refused with the missing folder named and what to do (en), nothing written, no journal entry', async () => {
    const out = join(dir, 'missing', 'file.pem');
    const run = await trustfix([
      'export',
      FP,
      '--out',
      out,
      '--yes',
      '--lang',
      'en',
      '--data-dir',
      join(dir, 'data'),
      '--system-store',
      STORE,
    ]);
    expect(run.exitCode).not.toBe(0);
    const said = run.stdout + run.stderr;
    expect(said).not.toMatch(/ENOENT/);
    expect(said).toContain(`the folder ${join(dir, 'missing')} does not exist`);
    expect(said).toContain('Make the folder first');
    expect(existsSync(join(dir, 'missing'))).toBe(false);
    expect(existsSync(join(dir, 'data', 'journal'))).toBe(false);
  });

  it('says the same in Chinese (zh-CN)', async () => {
    const out = join(dir, 'missing', 'file.pem');
    const run = await trustfix([
      'export',
      FP,
      '--out',
      out,
      '--lang',
      'zh-CN',
      '--data-dir',
      join(dir, 'data'),
      '--system-store',
      STORE,
    ]);
    expect(run.exitCode).not.toBe(0);
    expect(run.stdout + run.stderr).toContain(`文件夹 ${join(dir, 'missing')} 不存在`);
  });
});
