// What judging named files against a --reference file leaves out (issue 16, judging within the time
// of a Python script): Node's TLS module. Loading node:tls costs more than judging a bundle, and on a
// machine with NODE_EXTRA_CA_CERTS set (this one) it starts Node parsing those certificates on a
// thread of its own. Only the built-in reference (tls.rootCertificates) and the native OS-store read
// need it. Time is measured by `npm run bench` (scripts/bench/10-scan.mjs), never here; this proves
// the module is not loaded. A preloaded script in the child writes Node's own list of the internal
// modules it loaded (process.moduleLoadList) to a file at exit.
import { execa } from 'execa';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, FIXTURES } from '../../../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'trustfix-judging-loads-'));
const record = join(dir, 'record.mjs');
writeFileSync(
  record,
  `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(process.env.LOADED_LOG, process.moduleLoadList.join('\\n')));\n`,
);

async function builtinsLoadedBy(args: string[]): Promise<{ loaded: string[]; stdout: string }> {
  const log = join(dir, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  const r = await execa(process.execPath, ['--import', record, CLI, ...args], {
    reject: false,
    timeout: 120_000,
    env: { LOADED_LOG: log },
  });
  expect(r.stderr).toBe('');
  return { loaded: readFileSync(log, 'utf8').split('\n'), stdout: String(r.stdout) };
}

describe('judging named files', () => {
  const reference = join(FIXTURES, 'certifi-2026.05.20.pem');
  const store = join(FIXTURES, 'debian12-ca-certificates.crt');

  it('against a --reference file does not load node:tls', async () => {
    const r = await builtinsLoadedBy([
      'scan',
      FIXTURES,
      '--json',
      '--reference',
      reference,
      '--system-store',
      store,
      '--at',
      '2026-11-23',
    ]);
    expect(JSON.parse(r.stdout).bundles).toHaveLength(12);
    expect(r.loaded).toContain('NativeModule internal/crypto/x509'); // the list is the real one
    expect(r.loaded.filter((m) => /^NativeModule (tls|_tls_wrap|_tls_common)$/.test(m))).toEqual([]);
  });

  it('against the built-in reference loads it, for tls.rootCertificates', async () => {
    const r = await builtinsLoadedBy([
      'scan',
      join(FIXTURES, 'certifi-2016.02.28.pem'),
      '--json',
      '--system-store',
      store,
      '--at',
      '2026-11-23',
    ]);
    expect(JSON.parse(r.stdout).reference.origin).toBe('builtin');
    expect(r.loaded).toContain('NativeModule tls');
  });
});
