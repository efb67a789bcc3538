// Windows lane 6: PEP 514 discovery through the real reg.exe. Keys are added with `reg add` in HKCU
// and HKLM (peps.python.org/pep-0514: Software\Python\<Company>\<Tag>\InstallPath, default value =
// the install folder, or ExecutablePath), and `trustfix pythons --json` must name each interpreter,
// found by "registry". No Windows Python runs under this lane (none is installable from the npm
// registry or Debian, and a Linux binary cannot be started from the Windows Node), so what stands at
// each path is a file that is not a program: TrustFix must say it could not probe it, not crash and
// not invent a version.
import { describe, expect, inject, it } from 'vitest';
import { json, layOnC, reg, trustfix } from './wine.ts';

const lane = inject('lane');

const KEYS = [
  {
    key: 'HKCU\\Software\\Python\\PythonCore\\3.12\\InstallPath',
    args: ['/ve', '/d', 'C:\\Users\\Public\\Py312'],
    exe: 'C:\\Users\\Public\\Py312\\python.exe',
  },
  {
    key: 'HKLM\\Software\\Python\\PythonCore\\3.11\\InstallPath',
    args: ['/ve', '/d', 'C:\\Program Files\\Python311\\'],
    exe: 'C:\\Program Files\\Python311\\python.exe',
  },
  {
    key: 'HKLM\\Software\\Python\\ContosoPython\\3.10-64\\InstallPath',
    args: ['/v', 'ExecutablePath', '/d', 'C:\\Contoso\\Py310\\bin\\python.exe'],
    exe: 'C:\\Contoso\\Py310\\bin\\python.exe',
  },
];

describe.skipIf(!!lane.skip)(
  lane.skip
    ? `Windows lane: PEP 514 (skipped: ${lane.skip})`
    : 'Windows lane: PEP 514 keys in HKCU and HKLM, read by reg.exe',
  () => {
    it('pythons --json names every registered interpreter, found by the registry, and says it could not probe it', async () => {
      for (const k of KEYS) {
        const added = await reg(lane, ['add', k.key, ...k.args, '/f']);
        expect(added.exitCode, added.stderr).toBe(0);
        layOnC(lane, k.exe, 'not a Windows program: no Windows Python runs under this lane\n');
      }
      const r = await trustfix(lane, [
        'pythons',
        '--json',
        '--no-probe-cache',
        '--probe-timeout',
        '60',
        '--data-dir',
        'C:\\lane\\data-pythons',
      ]);
      const out = json(r);
      const byExe = new Map<string, any>(out.pythons.map((p: any) => [String(p.executable).toLowerCase(), p]));
      for (const k of KEYS) {
        const p = byExe.get(k.exe.toLowerCase());
        expect(p, `${k.exe} not found; found: ${[...byExe.keys()].join(', ')}`).toBeDefined();
        expect(p.foundBy).toContain('registry');
        expect(p.version).toBeUndefined();
        // Wine refuses to start it (EFTYPE): TrustFix says it is not a program this system can run.
        expect(p.error, JSON.stringify(p)).toEqual({
          code: 'pythons:error.notAProgram',
          params: { path: p.executable },
        });
      }
    });
  },
);
