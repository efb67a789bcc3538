// Issue 11, items 7b and 8: a data folder without its `store/` folder, leftover temp files of a killed
// run, a bundle whose last block is cut short, a CRLF bundle. Each failed before its fix:
//   - os-store add on a fresh data folder: ENOENT writing store/<fp>.pem ("A file operation failed")
//   - a killed run's temp file stayed in the bundle's folder for good
//   - append to a bundle ending in a cut block: rolled back every time (the cut block swallowed the
//     added certificate when parsed, so the check after the write failed)
//   - blocks added to a CRLF bundle had LF line ends
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitBundle } from '../../../../src-main/core/certs/pem.ts';
import { sha256Hex } from '../../../../src-main/core/certs/record.ts';
import { createContext } from '../../../../src-main/core/context.ts';
import { msg } from '../../../../src-main/core/messages.ts';
import { darwinPlatform } from '../../../../src-main/core/platform/darwin.ts';
import type { Platform } from '../../../../src-main/core/platform/types.ts';
import { applyPlan } from '../../../../src-main/core/repair/apply.ts';
import type { ElevationRunner } from '../../../../src-main/core/repair/elevation.ts';
import type { PlanContext } from '../../../../src-main/core/repair/planContext.ts';
import { planOsStoreAdd } from '../../../../src-main/core/repair/planStore.ts';
import { FIXTURES, trustfix } from '../../../helpers/cli.ts';
import { makePki, type Pki } from '../../../helpers/pki.ts';
import { tempDir } from '../../../helpers/tmp.ts';

const REF = `${FIXTURES}certifi-2026.05.20.pem`;
const STORE = `${FIXTURES}debian12-ca-certificates.crt`;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const common = (data: string) => [
  '--data-dir',
  data,
  '--reference',
  REF,
  '--system-store',
  STORE,
  '--at',
  '2026-11-23',
];
let dir: string;
let cleanup: () => void;
let pki: Pki;

beforeAll(() => {
  ({ dir, cleanup } = tempDir('trustfix-corners-'));
  pki = makePki(dir);
});
afterAll(() => cleanup());

function bundleIn(sub: string, bytes: Buffer): string {
  mkdirSync(join(dir, sub), { recursive: true });
  const path = join(dir, sub, 'cacert.pem');
  writeFileSync(path, bytes);
  return path;
}

const rootFp = (): string => sha256Hex(splitBundle(readFileSync(pki.rootPem)).ders[0]!);

describe('a fresh data folder', () => {
  it("os-store add makes the data folder's store/ folder for its copy of the root", async () => {
    const data = join(dir, 'fresh-data'); // does not exist yet
    const ctx = await createContext({ referenceFile: REF, systemStoreFile: STORE, at: new Date('2026-11-23') });
    // The macOS route (a copy of the root in the data folder, then the store tool), with the tool
    // replaced by one that copies that file to a witness: it proves the file was there when the
    // store step ran, whether this user runs it directly or through the (relayed) prompt.
    const witness = join(dir, 'witness.pem');
    const copy = (from: string) => ({
      file: process.execPath,
      args: ['-e', 'require("fs").copyFileSync(process.argv[1], process.argv[2])', from, witness],
    });
    const platform: Platform = {
      ...darwinPlatform,
      storeAdd: (pemPath) => ({
        run: [copy(pemPath)],
        undo: [],
        store: 'test store',
        readBack: { kind: 'file-has-certificate', path: witness, fingerprint: rootFp() },
      }),
    };
    ctx.platform = platform;
    const pc: PlanContext = {
      ctx,
      dataDir: data,
      findings: new Set(),
      who: 'test',
      now: new Date(),
      os: 'darwin',
      home: dir,
    };
    const der = splitBundle(readFileSync(pki.rootPem)).ders[0]!;
    const action = await planOsStoreAdd(pc, der, pki.rootPem, msg('repair:why.userOsStore'));
    const pemPath = join(data, 'store', `${rootFp().slice(0, 16)}.pem`);
    const prompts: string[][] = [];
    const relay: ElevationRunner = async (command) => {
      prompts.push(command.argv);
      copyFileSync(pemPath, witness); // what the administrator's tool would read
      return { ok: false, refused: true, detail: 'stopped here by the test' };
    };
    const result = await applyPlan(
      { actions: [action], refused: [] },
      { dataDir: data, command: 'os-store', elevate: relay },
    );
    expect(result.problems.map((p) => p.code)).not.toContain('repair:failed.io');
    expect(splitBundle(readFileSync(witness)).ders.map((d) => sha256Hex(d))).toEqual([rootFp()]);
    expect(existsSync(join(data, 'store'))).toBe(true);
  });
});

describe('temp files of a killed run', () => {
  it('the next change in that folder removes those whose process is gone, and only those', async () => {
    const bundle = bundleIn('leftovers', readFileSync(`${FIXTURES}certifi-2024.08.30.pem`));
    const gone = (await execa(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])).stdout;
    const dead = join(dir, 'leftovers', `.cacert.pem.trustfix-${gone}-0badf00d.tmp`);
    const live = join(dir, 'leftovers', `.cacert.pem.trustfix-${process.pid}-0badf00d.tmp`);
    writeFileSync(dead, 'half a bundle');
    writeFileSync(live, 'a write still under way');
    const run = await trustfix([
      'append',
      '--to',
      bundle,
      pki.rootPem,
      '--yes',
      ...common(join(dir, 'leftovers-data')),
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(readdirSync(join(dir, 'leftovers')).sort()).toEqual([live.split('/').at(-1), 'cacert.pem'].sort());
  });
});

describe('bundle text', () => {
  it('appends to a bundle whose last block is cut short, keeping the cut text byte for byte', async () => {
    const full = readFileSync(`${FIXTURES}certifi-2024.08.30.pem`);
    const lastBegin = full.lastIndexOf('-----BEGIN CERTIFICATE-----');
    const cut = full.subarray(0, lastBegin + Math.floor((full.length - lastBegin) / 2)); // ends mid-base64, no newline
    const bundle = bundleIn('cut', cut);
    const data = join(dir, 'cut-data');
    const run = await trustfix(['append', '--to', bundle, pki.rootPem, '--yes', ...common(data)]);
    expect(run.exitCode, run.stderr).toBe(0);
    // OpenSSL refuses the whole file while the cut block is there: the plan says so and names refresh.
    expect(run.stdout).toContain('1 damaged certificate block(s)');
    expect(run.stdout).toContain('trustfix refresh');
    const after = readFileSync(bundle);
    expect(after.subarray(0, cut.length).equals(cut)).toBe(true);
    const fps = splitBundle(after).ders.map((d) => sha256Hex(d));
    expect(fps).toContain(rootFp());
    expect(fps.length).toBe(splitBundle(cut).ders.length + 1);
    const undo = await trustfix(['undo', '--yes', '--data-dir', data]);
    expect(undo.exitCode, undo.stderr).toBe(0);
    expect(sha(readFileSync(bundle))).toBe(sha(cut));
  });

  it('adds blocks with the CRLF line ends of a CRLF bundle', async () => {
    const crlf = Buffer.from(
      readFileSync(`${FIXTURES}certifi-2024.08.30.pem`, 'latin1').replace(/\n/g, '\r\n'),
      'latin1',
    );
    const bundle = bundleIn('crlf', crlf);
    const run = await trustfix(['append', '--to', bundle, pki.rootPem, '--yes', ...common(join(dir, 'crlf-data'))]);
    expect(run.exitCode, run.stderr).toBe(0);
    const after = readFileSync(bundle);
    expect(after.subarray(0, crlf.length).equals(crlf)).toBe(true);
    const added = after.subarray(crlf.length).toString('latin1');
    expect(added).toContain('TrustFix: begin added certificate');
    expect(added.replace(/\r\n/g, '')).not.toContain('\n'); // no bare LF
    expect(splitBundle(after).ders.map((d) => sha256Hex(d))).toContain(rootFp());
  });
});
