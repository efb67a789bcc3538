// The elevated verb on its own, called the way `trustfix elevated-apply BATCH` calls it: every step is
// checked again, a failing step takes the earlier ones back byte for byte, a store command runs only
// when it is one the platform module builds itself, and the result file is never written through a link.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandSpec } from '../../../../src-main/core/platform/types.ts';
import { linuxPlatform } from '../../../../src-main/core/platform/linux.ts';
import { win32Platform } from '../../../../src-main/core/platform/win32.ts';
import { darwinPlatform } from '../../../../src-main/core/platform/darwin.ts';
import { elevatedApplyBatch, type ElevatedDeps } from '../../../../src-main/core/repair/elevatedApply.ts';
import type { ElevatedBatchResult, ElevatedRecord } from '../../../../src-main/core/repair/elevation.ts';
import { FIXTURES } from '../../../helpers/cli.ts';
import { makePki } from '../../../helpers/pki.ts';
import { tempDir } from '../../../helpers/tmp.ts';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
let dir: string;
let cleanup: () => void;
let pki: ReturnType<typeof makePki>;
let n = 0;
beforeAll(() => {
  ({ dir, cleanup } = tempDir('trustfix-elevbatch-'));
  pki = makePki(dir);
});
afterAll(() => cleanup());

/** A bundle found by a scan, and the record that appends the test root to it. */
function appendStep(
  name: string,
  extra: Buffer = readFileSync(pki.rootPem),
): { path: string; before: Buffer; record: ElevatedRecord } {
  const path = join(dir, `${name}.pem`);
  copyFileSync(join(FIXTURES, 'certifi-2022.12.07.pem'), path);
  const before = readFileSync(path);
  const content = Buffer.concat([before, extra]);
  const contentFile = join(dir, `${name}.bin`);
  writeFileSync(contentFile, content);
  return {
    path,
    before,
    record: {
      op: 'write-file',
      target: path,
      plannedRealPath: path,
      expectedSha256: sha(before),
      contentFile,
      contentSha256: sha(content),
      purpose: 'append',
      allowedAs: 'finding',
    },
  };
}

async function runBatch(
  steps: ElevatedRecord[],
  deps: Partial<ElevatedDeps> = {},
): Promise<{ result: ElevatedBatchResult; ran: CommandSpec[]; resultFile: string }> {
  const batchDir = join(dir, `batch-${++n}`);
  mkdirSync(batchDir);
  const batchPath = join(batchDir, 'elevated-apply.json');
  const resultFile = join(batchDir, 'elevated-apply.result.json');
  writeFileSync(batchPath, JSON.stringify({ steps, resultFile }));
  const ran: CommandSpec[] = [];
  const result = await elevatedApplyBatch(batchPath, {
    dataDir: join(dir, 'data'),
    platform: linuxPlatform,
    run: async (spec) => ran.push(spec),
    ...deps,
  });
  return { result, ran, resultFile };
}

describe('elevated-apply BATCH', () => {
  it('applies every step of the batch in one run and says so in the result file', async () => {
    const a = appendStep('a');
    const b = appendStep('b');
    const mode = statSync(a.path).mode;
    const { result, resultFile } = await runBatch([a.record, b.record]);
    expect(result).toEqual({ ok: true, done: 2, rolledBack: false, rollbackProblems: [] });
    expect(JSON.parse(readFileSync(resultFile, 'utf8'))).toEqual(result);
    for (const s of [a, b])
      expect(sha(readFileSync(s.path))).toBe((s.record as { contentSha256: string }).contentSha256);
    expect(statSync(a.path).mode).toBe(mode);
  });

  it('a failing step takes the earlier ones back, byte for byte', async () => {
    const a = appendStep('c');
    const b = appendStep('d', readFileSync(pki.leafPem)); // a leaf smuggled into an append
    const { result } = await runBatch([a.record, b.record]);
    expect(result).toMatchObject({ ok: false, done: 1, rolledBack: true, problem: { code: 'repair:refused.notCa' } });
    expect(Buffer.compare(readFileSync(a.path), a.before)).toBe(0);
    expect(Buffer.compare(readFileSync(b.path), b.before)).toBe(0);
  });

  it('refuses content that is not what the record names, and a file changed since the plan', async () => {
    const a = appendStep('e');
    const bad = await runBatch([{ ...a.record, contentSha256: '0'.repeat(64) } as ElevatedRecord]);
    expect(bad.result.problem?.code).toBe('repair:refused.badRecord');
    const changed = await runBatch([{ ...a.record, expectedSha256: '1'.repeat(64) } as ElevatedRecord]);
    expect(changed.result.problem?.code).toBe('repair:refused.changedSincePlan');
    expect(Buffer.compare(readFileSync(a.path), a.before)).toBe(0);
  });

  it('runs a Linux refresh it knows, and refuses any other command', async () => {
    const ok = await runBatch([
      {
        op: 'store-command',
        run: { file: 'update-ca-certificates', args: [] },
        undo: [{ file: 'update-ca-certificates', args: ['--fresh'] }],
      },
    ]);
    expect(ok.result.ok).toBe(true);
    expect(ok.ran).toEqual([{ file: 'update-ca-certificates', args: [] }]);
    const evil = await runBatch([
      { op: 'store-command', run: { file: 'sh', args: ['-c', 'id > /tmp/pwned'] }, undo: [] },
    ]);
    expect(evil.result).toMatchObject({ ok: false, done: 0, problem: { code: 'repair:refused.notAStoreCommand' } });
    expect(evil.ran).toEqual([]);
  });

  it('when the store refresh fails after the anchor file was written, the file is taken back and the store rebuilt', async () => {
    const a = appendStep('f');
    const ran2: CommandSpec[] = [];
    const { result, ran } = await runBatch(
      [
        a.record,
        {
          op: 'store-command',
          run: { file: 'update-ca-certificates', args: [] },
          undo: [{ file: 'update-ca-certificates', args: ['--fresh'] }],
        },
      ],
      {
        run: async (spec) => {
          ran2.push(spec);
          if (spec.args.length === 0) throw new Error('update-ca-certificates: exit code 1');
        },
      },
    );
    expect(result).toMatchObject({ ok: false, done: 1, rolledBack: true });
    expect(ran).toEqual([]);
    expect(ran2.map((s) => [s.file, ...s.args].join(' '))).toEqual([
      'update-ca-certificates',
      'update-ca-certificates --fresh',
    ]);
    expect(Buffer.compare(readFileSync(a.path), a.before)).toBe(0);
  });

  it('Windows and macOS: the command is rebuilt from the CA certificate in the data folder', async () => {
    const store = join(dir, 'data', 'store');
    mkdirSync(store, { recursive: true });
    const root = join(store, 'root.pem');
    copyFileSync(pki.rootPem, root);
    const der = Buffer.from(readFileSync(root, 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const sha1 = createHash('sha1').update(der).digest('hex');
    const add = { file: 'certutil.exe', args: ['-addstore', '-f', 'Root', root] };
    const del = { file: 'certutil.exe', args: ['-delstore', 'Root', sha1] };
    const win = await runBatch([{ op: 'store-command', run: add, undo: [del], certFile: root }], {
      platform: win32Platform,
    });
    expect(win.result.ok).toBe(true);
    expect(win.ran).toEqual([add]);
    // The same command for a file named differently than the record says is not one it built.
    const other = await runBatch(
      [
        {
          op: 'store-command',
          run: { ...add, args: ['-addstore', '-f', 'Root', join(dir, 'root.pem')] },
          undo: [],
          certFile: root,
        },
      ],
      { platform: win32Platform },
    );
    expect(other.result.problem?.code).toBe('repair:refused.notAStoreCommand');
    // A leaf in the data folder is not a root to add.
    const leaf = join(store, 'leaf.pem');
    copyFileSync(pki.leafPem, leaf);
    const leafRun = await runBatch(
      [{ op: 'store-command', run: { ...add, args: ['-addstore', '-f', 'Root', leaf] }, undo: [], certFile: leaf }],
      { platform: win32Platform },
    );
    expect(leafRun.result.problem?.code).toBe('repair:refused.notCa');
    // A certificate outside the data folder's store is refused whatever the command.
    const outside = await runBatch([{ op: 'store-command', run: add, undo: [], certFile: pki.rootPem }], {
      platform: win32Platform,
    });
    expect(outside.result.problem?.code).toBe('repair:refused.notAFinding');
    // Windows Update's refresh: both of its commands, as the planner builds them for this data folder.
    const refresh = win32Platform.storeRefresh(store)!.run;
    const wu = await runBatch(
      refresh.map((run) => ({ op: 'store-command' as const, run, undo: [] })),
      { platform: win32Platform },
    );
    expect(wu.result.ok).toBe(true);
    expect(wu.ran).toEqual(refresh);
    const elsewhere = win32Platform.storeRefresh(join(dir, 'elsewhere'))!.run;
    const wuOther = await runBatch([{ op: 'store-command', run: elsewhere[0]!, undo: [] }], {
      platform: win32Platform,
    });
    expect(wuOther.result.problem?.code).toBe('repair:refused.notAStoreCommand');
    const mac = darwinPlatform.storeAdd(root, { sha1, sha256: sha(der) })!;
    const macRun = await runBatch([{ op: 'store-command', run: mac.run[0]!, undo: mac.undo, certFile: root }], {
      platform: darwinPlatform,
    });
    expect(macRun.result.ok).toBe(true);
    expect(macRun.ran).toEqual([
      {
        file: '/usr/bin/security',
        args: ['add-trusted-cert', '-d', '-r', 'trustRoot', '-k', '/Library/Keychains/System.keychain', root],
      },
    ]);
  });

  it('never writes the result through a link planted at its name', async () => {
    const a = appendStep('g');
    const batchDir = join(dir, 'linked');
    mkdirSync(batchDir);
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me');
    const resultFile = join(batchDir, 'elevated-apply.result.json');
    symlinkSync(victim, resultFile);
    writeFileSync(join(batchDir, 'elevated-apply.json'), JSON.stringify({ steps: [a.record], resultFile }));
    await expect(
      elevatedApplyBatch(join(batchDir, 'elevated-apply.json'), {
        dataDir: join(dir, 'data'),
        platform: linuxPlatform,
        run: async () => undefined,
      }),
    ).rejects.toThrow(/EEXIST/);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(Buffer.compare(readFileSync(a.path), a.before)).toBe(0); // nothing ran without a way to report
    // A result file anywhere but next to the batch is refused before any step runs.
    const b = appendStep('h');
    writeFileSync(
      join(batchDir, 'far.json'),
      JSON.stringify({ steps: [b.record], resultFile: join(dir, 'far.result.json') }),
    );
    await expect(
      elevatedApplyBatch(join(batchDir, 'far.json'), {
        dataDir: join(dir, 'data'),
        platform: linuxPlatform,
        run: async () => undefined,
      }),
    ).rejects.toThrow(/badRecord/);
    expect(Buffer.compare(readFileSync(b.path), b.before)).toBe(0);
    expect(existsSync(join(dir, 'far.result.json'))).toBe(false);
  });
});
