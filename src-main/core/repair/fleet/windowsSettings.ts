// What a fleet plan means on Windows, as PowerShell shared by the Intune scripts (intune.ts) and the
// GPO/manual scripts (powershell.ts). Two parts, because they need different accounts:
//
// - The machine part (SYSTEM or an administrator): the root into Cert:\LocalMachine\Root (by its
//   SHA-256, not only its SHA-1 thumbprint); its PEM at %ProgramData%\TrustFix\<fileName>, the file
//   NODE_EXTRA_CA_CERTS and similar settings name ('root-file'); and, when a setting needs a PEM
//   bundle ('system-bundle'), %ProgramData%\TrustFix\fleet\<sha16>\ca-bundle.pem.
// - The user part (the signed-in user): HKCU\Environment variables and the per-user settings files
//   (~/.gitconfig, %APPDATA%\uv\uv.toml, pip.ini, .condarc, ...). It needs the machine part first
//   and says so (exit 1) until it is in place; it never needs administrator rights.
//
// Why 'system-bundle' is an export of Cert:\LocalMachine\Root: Windows has no PEM bundle of its own,
// and requests, poetry and the AWS CLI read only a PEM file (REQUESTS_CA_BUNDLE, ca_bundle, cert),
// never the store (docs/clients.md). Windows installs public roots into that store only when its own
// chain engine first needs one (docs/windows.md, "A public root not installed yet"), so the export
// can lack a root Windows would fetch later. The detection therefore compares the bundle with the
// store every run: when Windows adds a root, the device is non-compliant until the remediation writes
// the bundle again. Clients that read the store themselves need no bundle: pip >= 24.2 (truststore),
// urllib (Python's ssl loads the store), Windows' own curl.exe (Schannel), git with
// http.sslBackend=schannel, node with NODE_USE_SYSTEM_CA=1, uv's system-certs, conda's truststore.
//
// Every script is ASCII only: Windows PowerShell 5.1 reads a script without a byte order mark in the
// machine's ANSI code page ("Without the BOM, Windows PowerShell misinterprets your script as being
// encoded in the legacy 'ANSI' codepage",
// https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_character_encoding),
// and ASCII reads the same in every code page and as UTF-8. Settings files are written as UTF-8
// without a BOM (git, npm, uv and conda read UTF-8; a BOM would become part of a first key).
import {
  asciiComment,
  requireOs,
  rootFacts,
  splitSettings,
  type RootFacts,
  type SplitSettings,
} from './artifactFacts.ts';
import type { FleetPlan } from './types.ts';
import { psLibrary } from './windowsPsLibrary.ts';

/** Scripts are CRLF (Windows' own line end) and ASCII only (above). */
export const crlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');

/** Ends the functions every fleet script shares; what follows is this script's own. */
export const MAIN_MARK = '# ---- this script ----';

/** A script's own part: its work in one try; a failure said on stdout (never stderr), exit 1. */
export function catchToStdout(what: string, body: string, success: string): string {
  return `try {
${body}
} catch {
  Write-Output ('TrustFix: ${what} failed: ' + $_.Exception.Message)
  exit 1
}
${success}
`;
}

/** As catchToStdout, for work that ends by listing what is still missing in $left: exit 1 unless empty. */
export function appliedThenChecked(what: string, body: string, doneMessage: string): string {
  return catchToStdout(
    what,
    body,
    `if ($left.Count -gt 0) {
  Write-Output ('TrustFix: still not in place: ' + ($left -join '; '))
  exit 1
}
Write-Output (${doneMessage})
exit 0`,
  );
}

/** What every Windows generator starts from: the plan checked for Windows, the root, the settings. */
export function windowsPlan(plan: FleetPlan, engine: string) {
  requireOs(plan, engine, 'windows');
  const facts = rootFacts(plan);
  const split = splitSettings(plan);
  return { facts, split, lib: psLibrary(plan, facts, split), settings: settingsComment(split) };
}

/** The comment block every script starts with: what it is, the root, where it came from. */
export function psHeader(plan: FleetPlan, facts: RootFacts, title: string, lines: string[]): string {
  return [
    `# ${title}`,
    `# Root: ${asciiComment(plan.root.name)}`,
    `# SHA-256: ${facts.sha256}`,
    `# SHA-1 (Windows thumbprint): ${facts.sha1}`,
    `# Written by TrustFix ${asciiComment(plan.trustfixVersion)} on ${asciiComment(plan.generatedAt)}.`,
    ...lines.map((l) => (l === '' ? '#' : `# ${l}`)),
    '',
  ].join('\r\n');
}

/** The settings as comments, one line each: client, what, why (a TrustFix message code). */
export function settingsComment(split: SplitSettings): string[] {
  const rows = [
    ...split.osStore.map((s) => `${s.client}: reads Cert:\\LocalMachine\\Root (${s.why})`),
    ...split.env.map((e) => `${e.setting.client}: HKCU\\Environment ${e.name} = ${e.value} (${e.setting.why})`),
    ...split.files.map(
      (f) =>
        `${f.setting.client}: ${f.file} ${f.section ? `[${f.section}] ` : ''}${f.key} = ${f.value} (${f.setting.why})`,
    ),
  ];
  return rows.map(asciiComment);
}
