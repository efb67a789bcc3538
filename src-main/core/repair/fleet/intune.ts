// `trustfix plan trust ROOT --for intune`: two Intune Remediations script packages and their undo.
//
// Microsoft's contract for a Remediations package
// (https://learn.microsoft.com/intune/intune-service/fundamentals/remediations): the detection
// script exits 0 when there is no issue and 1 when there is one, and only exit 1 makes the
// remediation script run; what a script writes to STDOUT is what the admin center shows (its last
// line, up to 2048 characters). Output that reaches stderr is shown as the script's error; a
// remediation that writes to stderr is counted as a script error even when it exits 0 (observed on
// devices and recorded by IntuneScriptLab 0.29.0's release notes,
// https://www.powershellgallery.com/packages/IntuneScriptLab/0.29.0). So nothing here writes to
// stderr: every message is Write-Output, and every failure is caught, said on stdout, and exits 1.
//
// Intune runs a package as SYSTEM unless "Run this script using the logged-on credentials" is Yes,
// and SYSTEM's HKCU and home folder are not the user's. So the settings are split:
// - machine/: run as SYSTEM (the default), 64-bit PowerShell: the root into LocalMachine\Root and the
//   files every user reads;
// - user/: "Run this script using the logged-on credentials" = Yes: the user's variables and
//   settings files, no administrator rights needed. Until the machine part is in place it reports
//   the device as not compliant and says why.
// Each folder has undo.ps1, run the same way (as a platform script) after the package is unassigned.
import { checked } from './artifactFacts.ts';
import type { Artifact, FleetPlan, Generator } from './types.ts';
import { psq } from './windowsPsLibrary.ts';
import { appliedThenChecked, catchToStdout, crlf, MAIN_MARK, psHeader, windowsPlan } from './windowsSettings.ts';

const NO_PROMPTS = `# Intune runs this unattended: nothing is asked, every change is made.
function Confirm-Change([string]$Target, [string]$Action) { return $true }
`;

function script(header: string, library: string, main: string): string {
  return crlf(`${header}\n${NO_PROMPTS}\n${library}\n${MAIN_MARK}\n${main}`);
}

export const intuneArtifacts: Generator = (plan: FleetPlan): Artifact[] => {
  const { facts, split, lib, settings } = windowsPlan(plan, 'intune');
  const sha = facts.sha16;
  const head = (title: string, context: string, extra: string[]) =>
    psHeader(plan, facts, title, [context, ...extra, '', 'Settings in this plan:', ...settings]);
  const machineCtx = 'Intune Remediations, run as SYSTEM (logged-on credentials: No), 64-bit PowerShell: Yes.';
  const userCtx = 'Intune Remediations, "Run this script using the logged-on credentials": Yes.';

  const detect = (gaps: string, what: string) => `$gaps = @()
try {
  $gaps = @(${gaps})
} catch {
  Write-Output ('TrustFix: detection failed: ' + $_.Exception.Message)
  exit 1
}
if ($gaps.Count -eq 0) {
  Write-Output ${psq(`TrustFix: compliant: ${what} (${sha})`)}
  exit 0
}
Write-Output ('TrustFix: not compliant: ' + ($gaps -join '; '))
exit 1
`;
  const remediate = (invoke: string, gaps: string, before = '') =>
    appliedThenChecked(
      'remediation',
      `${before}  $changes = ${invoke}
  $left = @(${gaps})`,
      `'TrustFix: in place (${sha}), ' + $changes + ' change(s) made'`,
    );
  const undo = (dir: string) =>
    catchToStdout(
      'undo',
      `  $undone = Invoke-Undo ${dir}`,
      `Write-Output ('TrustFix: undone (${sha}), ' + $undone + ' change(s) put back')
exit 0`,
    );

  const artifacts: Artifact[] = [
    {
      path: 'machine/detect.ps1',
      content: script(
        head('TrustFix fleet: machine part, detection script', machineCtx, [
          'Exit 0: the root is in Cert:\\LocalMachine\\Root (same SHA-256) and the machine files match.',
          'Exit 1: something is missing (said on the last line); Intune then runs remediate.ps1.',
        ]),
        lib,
        detect('Get-MachineGaps', 'root in Cert:\\LocalMachine\\Root, machine files in place'),
      ),
    },
    {
      path: 'machine/remediate.ps1',
      content: script(
        head('TrustFix fleet: machine part, remediation script', machineCtx, [
          'Imports the root (Import-Certificate), writes its PEM and the bundle under %ProgramData%\\TrustFix,',
          'only what differs, saving what it replaces under %ProgramData%\\TrustFix\\fleet\\' + sha + '\\backup.',
          'Exit 0: in place and read back. Exit 1: not (the reason on the last line).',
        ]),
        lib,
        remediate('Invoke-MachinePart', 'Get-MachineGaps'),
      ),
    },
    {
      path: 'machine/undo.ps1',
      content: script(
        head(
          'TrustFix fleet: machine part, undo',
          machineCtx.replace('Intune Remediations', 'Intune platform script'),
          [
            'Puts back what remediate.ps1 changed, from its manifest: files byte for byte, new files removed,',
            'the root removed from Cert:\\LocalMachine\\Root only if remediate.ps1 added it.',
            'Unassign the remediation first, or it adds everything again on its next run.',
          ],
        ),
        lib,
        undo('$MachineBackup'),
      ),
    },
  ];
  if (split.env.length + split.files.length > 0) {
    artifacts.push(
      {
        path: 'user/detect.ps1',
        content: script(
          head('TrustFix fleet: user part, detection script', userCtx, [
            'Exit 0: every setting below is in place for the signed-in user. Exit 1: one is not.',
          ]),
          lib,
          detect('Get-UserGaps', "the signed-in user's settings in place"),
        ),
      },
      {
        path: 'user/remediate.ps1',
        content: script(
          head('TrustFix fleet: user part, remediation script', userCtx, [
            'Needs the machine part first (exit 1 until the root and its files are there).',
            'Writes only what differs, saving what it replaces under %LOCALAPPDATA%\\TrustFix\\fleet\\' +
              sha +
              '\\backup.',
          ]),
          lib,
          remediate('Invoke-UserPart', 'Get-UserGaps', '  Assert-MachinePartDone\n'),
        ),
      },
      {
        path: 'user/undo.ps1',
        content: script(
          head('TrustFix fleet: user part, undo', userCtx.replace('Intune Remediations', 'Intune platform script'), [
            "Puts back the user's files byte for byte and variables as they were (removed if TrustFix added them).",
          ]),
          lib,
          undo('$UserBackup'),
        ),
      },
    );
  }
  artifacts.push({ path: 'README.txt', content: crlf(readme(plan, facts.sha256, facts.sha1, sha, settings)) });
  return checked(artifacts);
};

function readme(plan: FleetPlan, sha256: string, sha1: string, sha16: string, settings: string[]): string {
  return `TrustFix fleet plan for Microsoft Intune (Remediations)
Root: ${plan.root.name.replace(/[^\x20-\x7e]/gu, '?')}
SHA-256: ${sha256}
SHA-1 (Windows thumbprint): ${sha1}

machine/  Devices > Remediations > Create: detect.ps1 and remediate.ps1.
          Run this script using the logged-on credentials: No (SYSTEM). Run script in 64-bit PowerShell: Yes.
          Imports the root into Cert:\\LocalMachine\\Root and writes %ProgramData%\\TrustFix\\${plan.root.fileName}
          (and ca-bundle.pem under fleet\\${sha16} when a setting needs a PEM bundle).
user/     A second package: detect.ps1 and remediate.ps1 with
          Run this script using the logged-on credentials: Yes. No administrator rights needed.
          Reports "not compliant" until the machine package has run on the device.

Exit codes, as Intune reads them: detection 0 = no issue, 1 = issue (remediation runs);
remediation 0 = done, 1 = failed. Output is on stdout only; nothing goes to stderr when it works.
https://learn.microsoft.com/intune/intune-service/fundamentals/remediations

Undo: unassign the packages, then run user/undo.ps1 (as the user) and machine/undo.ps1 (as SYSTEM)
as platform scripts (Devices > Scripts). Each restores from its manifest what its remediation changed,
byte for byte; the root leaves the store only if remediate.ps1 added it.

Settings:
${settings.map((s) => `  ${s}`).join('\n')}
`;
}
