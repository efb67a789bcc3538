// A plan context as the Windows backend sees it, for tests that plan and apply Windows repairs on this
// host with fake Windows programs: the win32 backend, judged against Debian's bundle as the store, in a
// new folder under the test's own with its own home; the data folder does not exist yet (a first run).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createContext } from '../../src-main/core/context.ts';
import { win32Platform } from '../../src-main/core/platform/win32.ts';
import type { PlanContext } from '../../src-main/core/repair/planContext.ts';
import { FIXTURES } from './cli.ts';

let runs = 0;

export async function windowsPlanContext(
  dir: string,
  opts: { dataName?: string; findings?: Set<string> } = {},
): Promise<PlanContext> {
  const ctx = await createContext({ systemStoreFile: `${FIXTURES}debian12-ca-certificates.crt` });
  ctx.platform = win32Platform;
  const sub = join(dir, `run${++runs}`);
  mkdirSync(join(sub, 'home'), { recursive: true });
  return {
    ctx,
    dataDir: join(sub, opts.dataName ?? 'TrustFix'),
    findings: opts.findings ?? new Set(),
    who: 'test',
    now: new Date(),
    os: 'win32',
    home: join(sub, 'home'),
  };
}
