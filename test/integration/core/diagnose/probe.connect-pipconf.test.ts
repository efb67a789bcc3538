// connect.py asks pip's settings of trustfix_pipconf.py, the module probe.py uses too, so `check`
// and `pythons` agree on which file pip trusts: the user's pip.conf, PIP_CERT over it, os.devnull
// turning every file off, and a PIP_CONFIG_FILE that exists keeping the user's files out (as pip's
// configuration.py does). Runs on Python 2.7 and 3.x where present, against a server on 127.0.0.1.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECT_PROBE } from '../../../../src-main/core/diagnose/probe.ts';
import { tempDir } from '../../../helpers/tmp.ts';

const PYTHONS = [
  '/root/.pyenv/versions/2.7.18/bin/python',
  '/root/.pyenv/versions/3.12.1/bin/python',
  '/usr/bin/python3',
].filter(existsSync);
let dir: string;
let cleanup: () => void;
let server: Server;
let url: string;
beforeAll(async () => {
  ({ dir, cleanup } = tempDir('trustfix-pipconf-'));
  // A server that hangs up at once: pip's sources are settled before the handshake fails.
  server = createServer((s) => s.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => {
  server?.close();
  cleanup?.();
});

interface PipRow {
  client: string;
  available: boolean;
  sources?: Array<{ kind: string; path?: string }>;
  steeredBy?: string;
}

async function pipOf(python: string, env: Record<string, string>): Promise<PipRow> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('PIP_') && !k.startsWith('XDG_')),
  );
  const r = await execa(python, ['-B', CONNECT_PROBE, url, '5'], {
    env: { ...base, HOME: join(dir, 'home'), XDG_CONFIG_DIRS: join(dir, 'xdg'), ...env },
    extendEnv: false,
    timeout: 60_000,
    reject: false,
  });
  const report = JSON.parse(r.stdout) as { clients: PipRow[] };
  return report.clients.find((c) => c.client === 'pip')!;
}

describe.skipIf(PYTHONS.length === 0)('pip settings as connect.py reads them', () => {
  for (const python of PYTHONS) {
    it(`${python}: user pip.conf, PIP_CERT, os.devnull, and an existing PIP_CONFIG_FILE`, async (t) => {
      const home = join(dir, 'home');
      const userConf = join(home, '.config', 'pip', 'pip.conf');
      await mkdir(join(home, '.config', 'pip'), { recursive: true });
      const userCa = join(dir, 'user-ca.pem');
      const envCa = join(dir, 'env-ca.pem');
      await writeFile(userCa, '');
      await writeFile(envCa, '');
      await writeFile(userConf, `[global]\n# a comment\ncert = ${userCa}\n`);
      const first = await pipOf(python, {});
      if (!first.available) t.skip(`${python} has no pip`);
      expect(first.steeredBy).toBe(`pip.conf:${userConf}`);
      expect(first.sources).toContainEqual({ kind: 'file', path: userCa });

      expect(await pipOf(python, { PIP_CERT: envCa })).toMatchObject({ steeredBy: 'PIP_CERT' });
      const off = await pipOf(python, { PIP_CONFIG_FILE: '/dev/null' });
      expect(off.steeredBy).not.toMatch(/^pip\.conf:/);

      // An existing PIP_CONFIG_FILE: pip loads it last and skips the user's files altogether.
      const envConf = join(dir, 'env.conf');
      await writeFile(envConf, '[install]\ntimeout = 5\n');
      const skipped = await pipOf(python, { PIP_CONFIG_FILE: envConf });
      expect(skipped.steeredBy).not.toBe(`pip.conf:${userConf}`);
      await writeFile(envConf, `[install]\ncert: ${envCa}\n`);
      expect(await pipOf(python, { PIP_CONFIG_FILE: envConf })).toMatchObject({ steeredBy: `pip.conf:${envConf}` });
    }, 120_000);
  }
});
