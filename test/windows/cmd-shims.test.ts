// Windows lane: a client installed as a .cmd shim (aws.cmd from pip, conda.bat, az.cmd, gcloud.cmd).
// Node refuses to spawn a .bat/.cmd without `shell: true` since CVE-2024-27980 (spawn EINVAL,
// https://nodejs.org/en/blog/vulnerability/april-2024-security-releases-2). execa 10 then wraps it in
// cmd.exe with a caret-escaped path, which Wine's cmd cannot find when the path holds a space (exit
// 9009: "not installed"). So TrustFix starts it through the real cmd.exe with a command line it
// quotes itself (platform/launch.ts). The shim sits in a folder whose name holds "&" followed by the name of another
// .cmd on PATH: if cmd read the "&", it would run that other program, which leaves a file behind.
// A folder holding "%" is refused, never started. And a shim whose program is gone makes cmd exit 9009:
// still "not installed" (platform/notFound.ts).
import { existsSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { json, layOnC, onC, trustfix } from './wine.ts';

const lane = inject('lane');

const MARKER = 'C:\\lane\\cmdshims\\injected.txt';
const BIN = 'C:\\lane\\cmdshims\\bin';
/** cmd would run `trustfix-lane-marker` (BIN\trustfix-lane-marker.cmd) if it read the "&" itself. */
const AMP = 'C:\\lane\\cmdshims\\Tools & trustfix-lane-marker & Co';
const PERCENT = 'C:\\lane\\cmdshims\\100%OS%';
const GONE = 'C:\\lane\\cmdshims\\gone';

/** A batch file as an installer leaves it: CRLF lines. */
const bat = (...lines: string[]): string => `${lines.join('\r\n')}\r\n`;

async function clientsWith(path: string, dataDir: string): Promise<any> {
  // WINEPATH is put in front of the Windows program's PATH.
  const r = await trustfix(lane, ['clients', '--json', '--no-pythons', '--data-dir', dataDir], {
    env: { WINEPATH: `${path};${BIN}` },
  });
  return json(r).clients.find((c: any) => c.name === 'aws');
}

describe.skipIf(!!lane.skip)(
  lane.skip
    ? `Windows lane: .cmd clients (skipped: ${lane.skip})`
    : 'Windows lane: a .cmd client started through the real cmd.exe',
  () => {
    it("finds aws.cmd on PATH and reads its version through cmd.exe; the folder's '&' stays literal", async () => {
      layOnC(lane, `${BIN}\\trustfix-lane-marker.cmd`, bat('@echo off', `echo injected> "${MARKER}"`));
      layOnC(
        lane,
        `${AMP}\\aws.cmd`,
        bat('@echo off', 'echo aws-cli/2.17.5 Python/3.11.9 Windows/10 exe/AMD64 prompt/off'),
      );
      const aws = await clientsWith(AMP, 'C:\\lane\\data-cmdshims-1');
      expect(aws, 'aws.cmd not found on PATH').toBeDefined();
      expect(aws.executable.toLowerCase()).toBe(`${AMP}\\aws.cmd`.toLowerCase());
      expect(aws.versionError).toBeUndefined();
      expect(aws.version).toBe('2.17.5');
      expect(existsSync(onC(lane, MARKER)), "cmd ran the '&' in the folder's name as a command").toBe(false);
    });

    it("refuses a shim in a folder named with '%' (cmd expands it even inside quotes): not started", async () => {
      layOnC(lane, `${PERCENT}\\aws.cmd`, bat('@echo off', `echo injected> "${MARKER}"`, 'echo aws-cli/2.17.5'));
      const aws = await clientsWith(PERCENT, 'C:\\lane\\data-cmdshims-2');
      expect(aws.version).toBeUndefined();
      expect(aws.versionError).toEqual({
        code: 'clients:launch.unsafe',
        params: { path: `${PERCENT}\\aws.cmd`, char: '"%"' },
      });
      expect(existsSync(onC(lane, MARKER))).toBe(false);
    });

    it("a shim whose program was uninstalled: cmd exits 9009, and TrustFix says 'not installed'", async () => {
      layOnC(lane, `${GONE}\\aws.cmd`, bat('@echo off', '"%~dp0..\\uninstalled\\aws.exe" %*'));
      const aws = await clientsWith(GONE, 'C:\\lane\\data-cmdshims-3');
      expect(aws.version).toBeUndefined();
      expect(aws.versionError).toEqual({ code: 'clients:version.notInstalled', params: { path: `${GONE}\\aws.cmd` } });
    });
  },
);
