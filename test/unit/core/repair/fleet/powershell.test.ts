// `--for powershell` (issue 18): Install-TrustFixRoot.ps1 / Uninstall-TrustFixRoot.ps1 for a GPO
// startup or logon script or manual use, checked as text: -WhatIf through SupportsShouldProcess
// (https://learn.microsoft.com/powershell/scripting/learn/deep-dives/everything-about-shouldprocess),
// every change behind ShouldProcess, exit 0/1, stdout only. No PowerShell on this host (not in
// Debian; Wine's powershell.exe is a stub): see docs/windows.md.
import { describe, expect, it } from 'vitest';
import { powershellArtifacts } from '../../../../../src-main/core/repair/fleet/powershell.ts';
import { MAIN_MARK } from '../../../../../src-main/core/repair/fleet/windowsSettings.ts';
import { expectPowerShellBasics, generatedForFile, WINDOWS_SETTINGS } from '../../../../helpers/fleetPlan.ts';

const g = generatedForFile('trustfix-ps-', 'windows', WINDOWS_SETTINGS, powershellArtifacts);
const file = (path: string): string => g.file(path);

/** A function's body by name, from its `function NAME` line to the next line that is only `}`. */
function body(script: string, name: string): string {
  const s = script.replace(/\r\n/g, '\n');
  const start = s.indexOf(`\nfunction ${name}`);
  expect(start, name).toBeGreaterThan(0);
  return s.slice(start, s.indexOf('\n}\n', start) + 3);
}

describe('powershell: Install-TrustFixRoot.ps1 and its undo', () => {
  it('writes the install script and the uninstall script beside it', () => {
    expect(g.out.map((a) => a.path).sort()).toEqual(['Install-TrustFixRoot.ps1', 'Uninstall-TrustFixRoot.ps1']);
  });

  it('supports -WhatIf and -Confirm: CmdletBinding(SupportsShouldProcess) is the first statement, and the scope is a parameter', () => {
    for (const a of g.out) {
      const code = a.content.split('\r\n').filter((l) => l !== '' && !l.startsWith('#'));
      expect(code.slice(0, 5), a.path).toEqual([
        '[CmdletBinding(SupportsShouldProcess = $true)]',
        'param(',
        "  [ValidateSet('All', 'Machine', 'User')]",
        "  [string]$Scope = 'All'",
        ')',
      ]);
      expect(a.content).toContain(
        'function Confirm-Change([string]$Target, [string]$Action) { return $script:Cmdlet.ShouldProcess($Target, $Action) }',
      );
      expect(a.content).toContain('-WhatIf');
    }
  });

  it('asks ShouldProcess before every change it makes', () => {
    const s = file('Install-TrustFixRoot.ps1');
    // Each function that changes something calls Confirm-Change before its first change.
    const changes =
      /Import-Certificate|Set-Acl|SetEnvironmentVariable\(\$s|Save-Original \$|New-Parents \$|New-Item -ItemType Directory -Force -Path \$TrustFixDir|WriteAllText\(\$Path/;
    for (const fn of ['Invoke-MachinePart', 'Invoke-UserPart', 'Write-TextIfDifferent']) {
      const b = body(s, fn);
      const first = b.search(changes);
      expect(first, fn).toBeGreaterThan(0);
      expect(b.indexOf('Confirm-Change'), fn).toBeGreaterThan(0);
      expect(b.indexOf('Confirm-Change'), fn).toBeLessThan(first);
    }
    expect(body(s, 'Invoke-Undo')).toMatch(
      /foreach \(\$e in \$entries\) \{\n {4}if \(-not \(Confirm-Change \$e\.target 'put back'\)\) \{ continue \}/,
    );
    // Under -WhatIf the user part does not insist on a machine part that was only previewed.
    expect(s).toContain('if (-not $WhatIfPreference) { Assert-MachinePartDone }');
  });

  it('needs an administrator for the machine part only, and says so on stdout with exit 1', () => {
    for (const a of g.out) {
      expect(a.content).toMatch(
        /if \(\$Scope -ne 'User' -and -not \(Test-Administrator\)\) \{\r\n {4}Write-Output '[^']*-Scope User[^']*'\r\n {4}exit 1/,
      );
    }
  });

  it("keeps the root's digests, the exact DER, ASCII, closed strings, exit 0/1, stdout only; ends with exit 0", () => {
    for (const a of g.out) {
      expectPowerShellBasics(a.path, a.content, g.fx);
      expect(a.content.slice(a.content.indexOf(MAIN_MARK)).trimEnd().endsWith('exit 0'), a.path).toBe(true);
    }
  });

  it('undoes the user part before the machine part, each from its own manifest', () => {
    const s = file('Uninstall-TrustFixRoot.ps1');
    const user = s.indexOf('$undone += Invoke-Undo $UserBackup');
    const machine = s.indexOf('$undone += Invoke-Undo $MachineBackup');
    expect(user).toBeGreaterThan(0);
    expect(machine).toBeGreaterThan(user);
  });
});
