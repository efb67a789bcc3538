// Issue 14, second bug found under Wine: `point` on Windows sets the variable through PowerShell
// ([Environment]::SetEnvironmentVariable(..., 'User')), and Wine's powershell.exe is a stub that exits 0
// and prints nothing. "Done" only after the value is read back by another program: reg.exe, which
// Windows and Wine both run for real. Here the Windows backend's commands are answered by two fakes
// on PATH (no shell is involved: TrustFix spawns `powershell.exe` and `reg.exe` by name):
//   powershell.exe: `stub` (exits 0, does nothing: Wine's) or `works` (sets, clears and reads a
//     value kept in a file per variable: the test's HKCU\Environment);
//   reg.exe query HKCU\Environment /v NAME: Windows' output format with CRLF, exit 1 and Windows'
//     message when the value is missing (reg-query docs; ../shared/WINDOWS-LANE.md).
// CI runs as root, so these per-user commands run without elevation, as on Windows.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeValue } from '../../../../src-main/core/platform/readBack.ts';
import { applyPlan } from '../../../../src-main/core/repair/apply.ts';
import type { PlanContext } from '../../../../src-main/core/repair/planContext.ts';
import { planPoint } from '../../../../src-main/core/repair/planPoint.ts';
import { FIXTURES } from '../../../helpers/cli.ts';
import { tempDir } from '../../../helpers/tmp.ts';
import { windowsPlanContext } from '../../../helpers/windowsPlanContext.ts';

const POWERSHELL = `#!/bin/sh
# Fake powershell.exe: the script is the last argument.
here=$(dirname "$0")
for a in "$@"; do script=$a; done
[ "$(cat "$here/ps-mode")" = stub ] && exit 0
case "$script" in
  *SetEnvironmentVariable*\\$null*)
    name=$(printf '%s' "$script" | sed -n "s/.*SetEnvironmentVariable('\\([^']*\\)'.*/\\1/p")
    rm -f "$here/hkcu/$name" ;;
  *SetEnvironmentVariable*)
    name=$(printf '%s' "$script" | sed -n "s/.*SetEnvironmentVariable('\\([^']*\\)'.*/\\1/p")
    value=$(printf '%s' "$script" | sed -n "s/.*SetEnvironmentVariable('[^']*', '\\(.*\\)', 'User').*/\\1/p" | sed "s/''/'/g")
    printf '%s' "$value" > "$here/hkcu/$name" ;;
  *GetValue*)
    name=$(printf '%s' "$script" | sed -n "s/.*GetValue('\\([^']*\\)'.*/\\1/p")
    [ -f "$here/hkcu/$name" ] && printf '%s\\r\\n' "$(base64 -w0 < "$here/hkcu/$name")" ;;
esac
exit 0
`;

const REG = `#!/bin/sh
# Fake reg.exe: reg query HKCU\\Environment /v NAME, in Windows' format.
here=$(dirname "$0")
[ "$1" = query ] && [ "$2" = 'HKCU\\Environment' ] && [ "$3" = /v ] || exit 2
if [ -f "$here/hkcu/$4" ]; then
  printf '\\r\\nHKEY_CURRENT_USER\\\\Environment\\r\\n    %s    REG_SZ    %s\\r\\n\\r\\n' "$4" "$(cat "$here/hkcu/$4")"
  exit 0
fi
printf 'ERROR: The system was unable to find the specified registry key or value.\\r\\n' >&2
exit 1
`;

let dir: string;
let cleanup: () => void;
let bin: string;
let bundle: string;
const savedPath = process.env.PATH;

beforeAll(() => {
  ({ dir, cleanup } = tempDir('trustfix-point-win-'));
  bin = join(dir, 'bin');
  mkdirSync(join(bin, 'hkcu'), { recursive: true });
  writeFileSync(join(bin, 'powershell.exe'), POWERSHELL, { mode: 0o755 });
  writeFileSync(join(bin, 'reg.exe'), REG, { mode: 0o755 });
  bundle = join(dir, 'ca.pem');
  writeFileSync(bundle, readFileSync(`${FIXTURES}certifi-2026.05.20.pem`));
  process.env.PATH = `${bin}:${savedPath ?? '/usr/bin:/bin'}`;
});
afterAll(() => {
  process.env.PATH = savedPath;
  cleanup();
});
beforeEach(() => {
  rmSync(join(bin, 'hkcu'), { recursive: true, force: true });
  mkdirSync(join(bin, 'hkcu'));
});

const hkcu = (name: string): string | null =>
  existsSync(join(bin, 'hkcu', name)) ? readFileSync(join(bin, 'hkcu', name), 'utf8') : null;
const powershell = (mode: 'stub' | 'works'): void => writeFileSync(join(bin, 'ps-mode'), mode);

function planContext(): Promise<PlanContext> {
  return windowsPlanContext(dir, { dataName: 'data', findings: new Set([bundle]) });
}

async function point(name: 'SSL_CERT_FILE' | 'REQUESTS_CA_BUNDLE') {
  const pc = await planContext();
  const action = await planPoint(pc, name, bundle);
  return applyPlan({ actions: [action], refused: [] }, { dataDir: pc.dataDir, command: 'point', os: 'win32' });
}

describe('Windows point is done only when reg query shows the new value', () => {
  it('PowerShell exits 0 and changes nothing (Wine): point fails, saying the variable is not set, and is put back', async () => {
    powershell('stub');
    const result = await point('SSL_CERT_FILE');
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toEqual({
      code: 'repair:verify.variableNotSet',
      params: {
        variable: 'SSL_CERT_FILE',
        expected: bundle,
        command: 'reg.exe query HKCU\\Environment /v SSL_CERT_FILE',
      },
    });
    expect(result.entry?.state).toBe('rolled-back');
    expect(hkcu('SSL_CERT_FILE')).toBeNull();
  });

  it('PowerShell changes nothing over an older value: the message names the value still there', async () => {
    powershell('stub');
    writeFileSync(join(bin, 'hkcu', 'REQUESTS_CA_BUNDLE'), 'C:\\old\\ca.pem');
    const result = await point('REQUESTS_CA_BUNDLE');
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({
      code: 'repair:verify.variableUnchanged',
      params: { variable: 'REQUESTS_CA_BUNDLE', seen: 'C:\\old\\ca.pem', expected: bundle },
    });
    expect(hkcu('REQUESTS_CA_BUNDLE')).toBe('C:\\old\\ca.pem');
  });

  it('PowerShell that works: reg query shows the new value, so point is done', async () => {
    powershell('works');
    writeFileSync(join(bin, 'hkcu', 'SSL_CERT_FILE'), 'C:\\old\\ca.pem');
    const result = await point('SSL_CERT_FILE');
    expect(result.ok, JSON.stringify(result.problems)).toBe(true);
    expect(result.entry?.state).toBe('applied');
    expect(hkcu('SSL_CERT_FILE')).toBe(bundle);
  });
});

describe("reg query's output, as Windows prints it", () => {
  it('takes the data of the one value line; string types only', () => {
    const out = (type: string, data: string) =>
      `\r\nHKEY_CURRENT_USER\\Environment\r\n    SSL_CERT_FILE    ${type}    ${data}\r\n\r\n`;
    expect(decodeValue(out('REG_SZ', 'C:\\Users\\u\\ca bundle.pem'), 'reg')).toBe('C:\\Users\\u\\ca bundle.pem');
    expect(decodeValue(out('REG_EXPAND_SZ', '%USERPROFILE%\\ca.pem'), 'reg')).toBe('%USERPROFILE%\\ca.pem');
    expect(decodeValue(out('REG_SZ', ''), 'reg')).toBe('');
    expect(decodeValue('\r\nHKEY_CURRENT_USER\\Environment\r\n    SSL_CERT_FILE    REG_SZ\r\n\r\n', 'reg')).toBe('');
    expect(decodeValue(out('REG_DWORD', '0x1'), 'reg')).toBeNull();
    expect(decodeValue('', 'reg')).toBeNull();
  });
});
