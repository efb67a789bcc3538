// Issue 14, macOS bounded: the MDM route for a managed Mac, made concrete. `trustfix os-store add ROOT
// --profile FILE` writes the root as a configuration profile (PayloadType com.apple.security.root) for
// IT, in a folder this test owns; the real CLI writes it and `undo` takes it back. The file is read by
// Python's plistlib (a real property-list parser), not by the code that wrote it.
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitBundle } from '../../../../src-main/core/certs/pem.ts';
import { sha256Hex } from '../../../../src-main/core/certs/record.ts';
import { FIXTURES, trustfix } from '../../../helpers/cli.ts';
import { makePki } from '../../../helpers/pki.ts';
import { tempDir } from '../../../helpers/tmp.ts';

const READ_PLIST = `
import base64, json, plistlib, sys
with open(sys.argv[1], 'rb') as f:
    p = plistlib.load(f)
inner = p['PayloadContent'][0]
print(json.dumps({
    'type': p['PayloadType'], 'scope': p['PayloadScope'], 'version': p['PayloadVersion'],
    'id': p['PayloadIdentifier'], 'uuid': p['PayloadUUID'],
    'payloads': len(p['PayloadContent']), 'innerType': inner['PayloadType'], 'innerVersion': inner['PayloadVersion'],
    'innerUuid': inner['PayloadUUID'], 'der': base64.b64encode(inner['PayloadContent']).decode(),
}))
`;

let dir: string;
let cleanup: () => void;
let rootPem: string;
let der: Buffer;
const store = ['--system-store', `${FIXTURES}debian12-ca-certificates.crt`];

beforeAll(() => {
  ({ dir, cleanup } = tempDir('trustfix-mac-profile-'));
  mkdirSync(join(dir, 'pki'));
  rootPem = makePki(join(dir, 'pki'), 'TrustFix Test Root & <Co>').rootPem;
  der = splitBundle(readFileSync(rootPem)).ders[0]!;
});
afterAll(() => cleanup());

describe('os-store add --profile: a configuration profile for IT', () => {
  it('plans, writes a profile plistlib reads back as one com.apple.security.root payload holding the root, and undoes', async () => {
    const out = join(dir, 'root.mobileconfig');
    const data = join(dir, 'data');
    const plan = await trustfix([
      'os-store',
      'add',
      rootPem,
      '--profile',
      out,
      '--data-dir',
      data,
      '--lang',
      'en',
      ...store,
    ]);
    expect(plan.exitCode, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('as a configuration profile for IT');
    expect(plan.stdout).toContain('com.apple.security.root');
    expect(existsSync(out)).toBe(false);

    const run = await trustfix([
      'os-store',
      'add',
      rootPem,
      '--profile',
      out,
      '--data-dir',
      data,
      '--yes',
      '--json',
      ...store,
    ]);
    expect(run.exitCode, run.stderr).toBe(0);
    const read = await execa('python3', ['-c', READ_PLIST, out]);
    const p = JSON.parse(read.stdout);
    expect(p).toMatchObject({
      type: 'Configuration',
      scope: 'System',
      version: 1,
      payloads: 1,
      innerType: 'com.apple.security.root',
      innerVersion: 1,
    });
    expect(Buffer.from(p.der, 'base64').equals(der)).toBe(true);
    // The same root gives the same identifiers: IT delivering it again replaces, not duplicates.
    expect(p.id).toBe(`dev.trustfix.root.${sha256Hex(der).replace(/:/g, '').slice(0, 16).toLowerCase()}`);
    expect(p.uuid).not.toBe(p.innerUuid);

    const entry = JSON.parse(run.stdout).entry;
    const undo = await trustfix(['undo', String(entry), '--yes', '--data-dir', data]);
    expect(undo.exitCode, undo.stderr).toBe(0);
    expect(existsSync(out)).toBe(false);
  });

  it('says it in Chinese too', async () => {
    const plan = await trustfix([
      'os-store',
      'add',
      rootPem,
      '--profile',
      join(dir, 'zh.mobileconfig'),
      '--data-dir',
      join(dir, 'data-zh'),
      '--lang',
      'zh-CN',
      ...store,
    ]);
    expect(plan.exitCode, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('配置描述文件');
  });
});
