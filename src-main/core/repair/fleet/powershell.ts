// `trustfix plan trust ROOT --for powershell`: Install-TrustFixRoot.ps1 and Uninstall-TrustFixRoot.ps1,
// for a GPO startup script (-Scope Machine, runs as SYSTEM), a GPO logon script (-Scope User, runs
// as the user) or an administrator by hand (-Scope All). The same PowerShell as the Intune scripts
// (windowsSettings.ts); here every change goes through ShouldProcess, so -WhatIf lists the changes
// without making them and -Confirm asks before each
// (https://learn.microsoft.com/powershell/scripting/learn/deep-dives/everything-about-shouldprocess).
import { checked } from './artifactFacts.ts';
import type { Artifact, FleetPlan, Generator } from './types.ts';
import { appliedThenChecked, catchToStdout, crlf, MAIN_MARK, psHeader, windowsPlan } from './windowsSettings.ts';

const PARAMS = `[CmdletBinding(SupportsShouldProcess = $true)]
param(
  [ValidateSet('All', 'Machine', 'User')]
  [string]$Scope = 'All'
)

$script:Cmdlet = $PSCmdlet
# Every change asks ShouldProcess: -WhatIf shows it, -Confirm asks first.
function Confirm-Change([string]$Target, [string]$Action) { return $script:Cmdlet.ShouldProcess($Target, $Action) }

function Test-Administrator {
  $id = [System.Security.Principal.WindowsIdentity]::GetCurrent()
  return (New-Object System.Security.Principal.WindowsPrincipal($id)).IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
}
`;

function usage(kind: 'install' | 'uninstall'): string[] {
  const name = kind === 'install' ? 'Install-TrustFixRoot.ps1' : 'Uninstall-TrustFixRoot.ps1';
  return [
    `  powershell.exe -NoProfile -ExecutionPolicy Bypass -File ${name} -Scope Machine   (GPO startup script: SYSTEM)`,
    `  powershell.exe -NoProfile -ExecutionPolicy Bypass -File ${name} -Scope User      (GPO logon script: the user)`,
    `  .\\${name} -WhatIf                                                             (see every change, make none)`,
    'Exit 0: done (read back). Exit 1: not done, the reason on the last line. Nothing on stderr when it works.',
  ];
}

export const powershellArtifacts: Generator = (plan: FleetPlan): Artifact[] => {
  const { facts, lib, settings } = windowsPlan(plan, 'powershell');
  const head = (title: string, kind: 'install' | 'uninstall') =>
    psHeader(plan, facts, title, ['Usage:', ...usage(kind), '', 'Settings in this plan:', ...settings]);
  const adminCheck = `  if ($Scope -ne 'User' -and -not (Test-Administrator)) {
    Write-Output 'TrustFix: the machine part (Cert:\\LocalMachine\\Root, %ProgramData%\\TrustFix) needs an administrator or SYSTEM; use -Scope User for the user part'
    exit 1
  }`;
  const install = `${PARAMS}
${lib}
${MAIN_MARK}
${appliedThenChecked(
  'install',
  `${adminCheck}
  $changes = 0
  if ($Scope -ne 'User') { $changes += Invoke-MachinePart }
  if ($Scope -ne 'Machine') {
    if (-not $WhatIfPreference) { Assert-MachinePartDone }
    $changes += Invoke-UserPart
  }
  $left = @()
  if (-not $WhatIfPreference) {
    if ($Scope -ne 'User') { $left += @(Get-MachineGaps) }
    if ($Scope -ne 'Machine') { $left += @(Get-UserGaps) }
  }`,
  `'TrustFix: ${facts.sha16} in place (' + $Scope + '), ' + $changes + ' change(s) made'`,
)}`;
  const uninstall = `${PARAMS}
${lib}
${MAIN_MARK}
${catchToStdout(
  'uninstall',
  `${adminCheck}
  $undone = 0
  if ($Scope -ne 'Machine') { $undone += Invoke-Undo $UserBackup }
  if ($Scope -ne 'User') { $undone += Invoke-Undo $MachineBackup }`,
  `Write-Output ('TrustFix: ${facts.sha16} undone (' + $Scope + '), ' + $undone + ' change(s) put back')
exit 0`,
)}`;
  return checked([
    {
      path: 'Install-TrustFixRoot.ps1',
      content: crlf(`${head('TrustFix fleet: install the root and its client settings', 'install')}\n${install}`),
    },
    {
      path: 'Uninstall-TrustFixRoot.ps1',
      content: crlf(
        `${head('TrustFix fleet: undo Install-TrustFixRoot.ps1 from its manifests, byte for byte', 'uninstall')}\n${uninstall}`,
      ),
    },
  ]);
};
