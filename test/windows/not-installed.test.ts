// Windows lane 2: "not installed" as Windows' command interpreter says it. A program started through
// cmd that is not there makes cmd exit 9009 (Wine's cmd as Windows' does; Windows' may also exit 1
// with the sentence). TrustFix's runner (core/clients/run.ts, used to ask every client its version)
// must take that as an absent program, not as a program that failed.
// Here the checkout's compiled module runs in the Windows Node, on the real cmd.exe, given a command
// line for a program that is not there. A client's .cmd shim reaches cmd through TrustFix's own
// quoted launch (platform/launch.ts); cmd-shims.test.ts checks a shim whose program is gone.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { toWin, wine } from './wine.ts';

const lane = inject('lane');

describe.skipIf(!!lane.skip)(
  lane.skip ? `Windows lane: not installed (skipped: ${lane.skip})` : "Windows lane: cmd's 9009 is 'not installed'",
  () => {
    it("Wine's cmd exits 9009 for a missing program, and TrustFix's runner says 'not installed'", async () => {
      const found = pathToFileURL(join(lane.app, 'dist/src-main/core/clients/found.js')).href.replace(
        'file:///',
        'file:///Z:/',
      );
      const script = join(lane.dir, 'ask-version.mjs');
      const result = join(lane.dir, 'ask-version.json');
      writeFileSync(
        script,
        `import { askVersion } from ${JSON.stringify(found)};
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
// What cmd itself does, seen from Windows (a Linux parent sees only the low 8 bits of 9009).
const raw = spawnSync('cmd.exe', ['/d', '/s', '/c', 'trustfix-lane-absent --version'], { encoding: 'utf8' });
const asked = await askVersion('C:\\\\windows\\\\system32\\\\cmd.exe', ['/d', '/s', '/c', 'trustfix-lane-absent --version'], { timeoutMs: 60000, cwd: 'C:\\\\' });
writeFileSync(${JSON.stringify(toWin(result))}, JSON.stringify({ raw: { status: raw.status, stderr: raw.stderr }, asked }));
`,
      );
      const r = await wine(lane, lane.node, [toWin(script)]);
      expect(r.exitCode, r.stderr).toBe(0);
      const { raw, asked } = JSON.parse(readFileSync(result, 'utf8'));
      expect(raw.status).toBe(9009);
      expect(raw.stderr).toMatch(/as an internal or external command/);
      expect(asked.version).toBeUndefined();
      expect(asked.versionError).toEqual({
        code: 'clients:version.notInstalled',
        params: { path: 'C:\\windows\\system32\\cmd.exe' },
      });
    });
  },
);
