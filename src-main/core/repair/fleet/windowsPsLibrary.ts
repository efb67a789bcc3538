// The PowerShell every Windows fleet script starts with (windowsSettings.ts says what the machine and
// user parts are and why): the plan's constants (the root, its hashes, the folders, the settings as
// tables), then the functions both parts use to compare, write, back up and undo. Kept apart from the
// script builders because it is one long text whose lines are PowerShell, not TypeScript.
import { pemOf, type RootFacts, type SplitSettings } from './artifactFacts.ts';
import type { FleetPlan } from './types.ts';

/** A PowerShell single-quoted string: only ' is special inside, written twice. */
export const psq = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** A setting's value as a PowerShell expression: the two files by their variables, else the literal. */
function psValue(v: string): string {
  if (v === 'system-bundle') return '$BundleFile';
  if (v === 'root-file') return '$RootFile';
  return psq(v);
}

/** The constants and functions both parts use. Each script defines Confirm-Change: always yes (Intune), or ShouldProcess (-WhatIf, -Confirm). */
export function psLibrary(plan: FleetPlan, facts: RootFacts, split: SplitSettings): string {
  const envRows = split.env.map((e) => `  @{ Name = ${psq(e.name)}; Value = ${psValue(e.value)} }`);
  const fileRows = split.files.map(
    (f) =>
      `  @{ Kind = ${psq(f.kind)}; File = ${psq(f.file)}; Section = ${psq(f.section)}; Key = ${psq(f.key)}; Value = ${psValue(f.value)} }`,
  );
  return `$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$ProgressPreference = 'SilentlyContinue'

$Sha256 = '${facts.sha256}'
$Thumbprint = '${facts.sha1}'
$RootPem = @'
${pemOf(facts.der).trimEnd()}
'@
$TrustFixDir = Join-Path $env:ProgramData 'TrustFix'
$RootFile = Join-Path $TrustFixDir ${psq(plan.root.fileName)}
$FleetDir = Join-Path $TrustFixDir 'fleet\\${facts.sha16}'
$BundleFile = Join-Path $FleetDir 'ca-bundle.pem'
$MachineBackup = Join-Path $FleetDir 'backup'
$UserBackup = Join-Path $env:LOCALAPPDATA 'TrustFix\\fleet\\${facts.sha16}\\backup'
$NeedsBundle = $${split.needsBundle ? 'true' : 'false'}
$EnvSettings = @(
${envRows.join('\n')}
)
$FileSettings = @(
${fileRows.join('\n')}
)
$Utf8NoBom = New-Object System.Text.UTF8Encoding($false)

function Get-Sha256Hex([byte[]]$Bytes) {
  $h = [System.Security.Cryptography.SHA256]::Create()
  try { return ([System.BitConverter]::ToString($h.ComputeHash($Bytes))).Replace('-', '') } finally { $h.Dispose() }
}

# The root is found by its SHA-1 thumbprint (the store's name for it) and then compared by the
# SHA-256 of its bytes: the same certificate, not only one with the same SHA-1.
function Test-RootInStore {
  $path = 'Cert:\\LocalMachine\\Root\\' + $Thumbprint
  if (-not (Test-Path -LiteralPath $path)) { return $false }
  return ((Get-Sha256Hex (Get-Item -LiteralPath $path).RawData) -eq $Sha256)
}

# Every certificate of Cert:\\LocalMachine\\Root as PEM, in thumbprint order: the same store gives the
# same bytes, so the bundle is rewritten only when the store changed.
function Get-StoreBundleText {
  $sb = New-Object System.Text.StringBuilder
  foreach ($c in @(Get-ChildItem -LiteralPath 'Cert:\\LocalMachine\\Root' | Sort-Object -Property Thumbprint)) {
    $b64 = [System.Convert]::ToBase64String($c.RawData)
    [void]$sb.Append("-----BEGIN CERTIFICATE-----\`n")
    for ($i = 0; $i -lt $b64.Length; $i += 64) { [void]$sb.Append($b64.Substring($i, [System.Math]::Min(64, $b64.Length - $i)) + "\`n") }
    [void]$sb.Append("-----END CERTIFICATE-----\`n")
  }
  return $sb.ToString()
}

function Read-TextOrNull([string]$Path) {
  if (Test-Path -LiteralPath $Path -PathType Leaf) { return [System.IO.File]::ReadAllText($Path, $Utf8NoBom) }
  return $null
}

function Resolve-UserPath([string]$Path) {
  $p = [System.Environment]::ExpandEnvironmentVariables($Path)
  if ($p.StartsWith('~/') -or $p.StartsWith('~\\')) { $p = Join-Path $env:USERPROFILE $p.Substring(2) }
  return $p.Replace('/', '\\')
}

# One line of a settings file set in place: the key's line in its section replaced, else added after
# the section's header (or a new section at the end; a top-level key before the first section).
# Every other line is kept as it is, line ends included.
function Set-ConfigLine([string]$Text, [string]$Kind, [string]$Section, [string]$Key, [string]$Line) {
  if ($null -eq $Text) { $Text = '' }
  $nl = "\`n"
  if ($Text.Contains("\`r\`n")) { $nl = "\`r\`n" }
  $lines = New-Object System.Collections.Generic.List[string]
  if ($Text.Length -gt 0) { $lines.AddRange([string[]]($Text -split '\\r?\\n')) }
  if ($Text.EndsWith("\`n")) { $lines.RemoveAt($lines.Count - 1) }
  $ignoreCase = ($Kind -eq 'git-config')
  $sep = '='
  if ($Kind -eq 'yaml') { $sep = ':' }
  $indent = '\\s*'
  if ($Kind -eq 'yaml') { $indent = '' }
  $opts = [System.Text.RegularExpressions.RegexOptions]::None
  if ($ignoreCase) { $opts = [System.Text.RegularExpressions.RegexOptions]::IgnoreCase }
  $keyRe = New-Object System.Text.RegularExpressions.Regex(('^' + $indent + [regex]::Escape($Key) + '\\s*' + $sep), $opts)
  $current = ''
  $firstHeader = -1
  $headerAt = -1
  $found = $false
  for ($i = 0; $i -lt $lines.Count; $i++) {
    if ($Kind -ne 'yaml') {
      $m = [regex]::Match($lines[$i], '^\\s*\\[\\s*([^\\]]+?)\\s*\\]\\s*([#;].*)?$')
      if ($m.Success) {
        $current = $m.Groups[1].Value
        if ($firstHeader -lt 0) { $firstHeader = $i }
        if ($Section -ne '' -and [string]::Compare($current, $Section, $ignoreCase) -eq 0) { $headerAt = $i }
        continue
      }
    }
    $inSection = $false
    if ($Section -eq '') { $inSection = ($firstHeader -lt 0) } else { $inSection = ($headerAt -ge 0 -and [string]::Compare($current, $Section, $ignoreCase) -eq 0) }
    if ($inSection -and $keyRe.IsMatch($lines[$i])) { $lines[$i] = $Line; $found = $true }
  }
  if (-not $found) {
    if ($Section -eq '') {
      if ($firstHeader -ge 0) { $lines.Insert($firstHeader, $Line) } else { $lines.Add($Line) }
    } elseif ($headerAt -ge 0) {
      $lines.Insert($headerAt + 1, $Line)
    } else {
      $lines.Add('[' + $Section + ']')
      $lines.Add($Line)
    }
  }
  return ([string]::Join($nl, $lines.ToArray()) + $nl)
}

# The line each format wants: git reads backslashes in a quoted value as escapes, TOML basic strings
# too; YAML single quotes take backslashes literally; INI files (pip.ini, .npmrc, AWS config) take
# the rest of the line as it is.
function Format-SettingLine([string]$Kind, [string]$Key, [string]$Value) {
  switch ($Kind) {
    'git-config' { return ("\`t" + $Key + ' = "' + $Value.Replace('\\', '\\\\').Replace('"', '\\"') + '"') }
    'toml' {
      if ($Value -eq 'true' -or $Value -eq 'false') { return ($Key + ' = ' + $Value) }
      return ($Key + ' = "' + $Value.Replace('\\', '\\\\').Replace('"', '\\"') + '"')
    }
    'yaml' {
      if ($Value -eq 'true' -or $Value -eq 'false') { return ($Key + ': ' + $Value) }
      return ($Key + ": '" + $Value.Replace("'", "''") + "'")
    }
    default { return ($Key + ' = ' + $Value) }
  }
}

function Get-DesiredFileText($Setting, [string]$Path) {
  $line = Format-SettingLine $Setting.Kind $Setting.Key $Setting.Value
  return (Set-ConfigLine (Read-TextOrNull $Path) $Setting.Kind $Setting.Section $Setting.Key $line)
}

function Get-UserEnv([string]$Name) {
  $k = Get-Item -LiteralPath 'HKCU:\\Environment'
  if (@($k.GetValueNames()) -notcontains $Name) { return $null }
  return @{ Value = [string]$k.GetValue($Name, $null, 'DoNotExpandEnvironmentNames'); Kind = [string]$k.GetValueKind($Name) }
}

function Read-Manifest([string]$Dir) {
  $f = Join-Path $Dir 'manifest.json'
  if (-not (Test-Path -LiteralPath $f -PathType Leaf)) { return @() }
  return @((ConvertFrom-Json ([System.IO.File]::ReadAllText($f, $Utf8NoBom))).entries)
}

function Write-Manifest([string]$Dir, $Entries) {
  $json = ConvertTo-Json -InputObject @{ entries = @($Entries) } -Depth 4
  [System.IO.File]::WriteAllText((Join-Path $Dir 'manifest.json'), $json, $Utf8NoBom)
}

# What a change is about to replace, saved the first time only: a later run must not overwrite the
# state from before TrustFix with TrustFix's own. Undo puts back exactly this.
function Save-Original([string]$Dir, [string]$Type, [string]$Target) {
  $entries = New-Object System.Collections.Generic.List[object]
  foreach ($e in @(Read-Manifest $Dir)) { $entries.Add($e) }
  foreach ($e in $entries) { if ($e.type -eq $Type -and $e.target -eq $Target) { return } }
  $entry = [ordered]@{ type = $Type; target = $Target; existed = $false; backup = ''; valueKind = ''; value = '' }
  switch ($Type) {
    'file' { $entry.existed = (Test-Path -LiteralPath $Target -PathType Leaf) }
    'dir' { $entry.existed = (Test-Path -LiteralPath $Target -PathType Container) }
    'root' { $entry.existed = (Test-RootInStore) }
    'env' {
      $old = Get-UserEnv $Target
      if ($null -ne $old) { $entry.existed = $true; $entry.value = $old.Value; $entry.valueKind = $old.Kind }
    }
  }
  New-Item -ItemType Directory -Force -Path $Dir | Out-Null
  if ($Type -eq 'file' -and $entry.existed) {
    $entry.backup = 'file-' + $entries.Count + '.bak'
    [System.IO.File]::Copy($Target, (Join-Path $Dir $entry.backup), $true)
  }
  $entries.Add([pscustomobject]$entry)
  Write-Manifest $Dir $entries
}

# The folders a new file needs, outermost first, each recorded so undo can remove it when empty.
function New-Parents([string]$BackupDir, [string]$Path) {
  $missing = New-Object System.Collections.Generic.List[string]
  $p = Split-Path -Parent $Path
  while ($p -and -not (Test-Path -LiteralPath $p)) { $missing.Insert(0, $p); $p = Split-Path -Parent $p }
  foreach ($d in $missing) { Save-Original $BackupDir 'dir' $d; New-Item -ItemType Directory -Path $d | Out-Null }
}

function Write-TextIfDifferent([string]$BackupDir, [string]$Path, [string]$Text) {
  if ((Read-TextOrNull $Path) -ceq $Text) { return $false }
  if (-not (Confirm-Change $Path 'write')) { return $false }
  New-Parents $BackupDir $Path
  Save-Original $BackupDir 'file' $Path
  [System.IO.File]::WriteAllText($Path, $Text, $Utf8NoBom)
  if ((Read-TextOrNull $Path) -cne $Text) { throw ('TrustFix: ' + $Path + ' does not read back as written') }
  return $true
}

# What the machine part finds missing, one phrase each; empty when everything is in place.
function Get-MachineGaps {
  $gaps = New-Object System.Collections.Generic.List[string]
  if (-not (Test-RootInStore)) { $gaps.Add('root not in Cert:\\LocalMachine\\Root') }
  if ((Read-TextOrNull $RootFile) -cne $RootPem.Replace("\`r\`n", "\`n") + "\`n") { $gaps.Add('root file ' + $RootFile) }
  if ($NeedsBundle -and (Read-TextOrNull $BundleFile) -cne (Get-StoreBundleText)) { $gaps.Add('bundle ' + $BundleFile + ' differs from the store') }
  return @($gaps)
}

function Invoke-MachinePart {
  $changed = 0
  if (-not (Test-Path -LiteralPath $TrustFixDir)) {
    if (Confirm-Change $TrustFixDir 'create, writable by SYSTEM and Administrators only') {
      Save-Original $MachineBackup 'dir' $TrustFixDir
      New-Item -ItemType Directory -Force -Path $TrustFixDir | Out-Null
      # Not inherited from ProgramData, where every user may create files: a user must not be able
      # to put a file of their own where every user's clients will read trusted roots.
      $acl = New-Object System.Security.AccessControl.DirectorySecurity
      $acl.SetSecurityDescriptorSddlForm('D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)')
      Set-Acl -LiteralPath $TrustFixDir -AclObject $acl
      $changed++
    }
  }
  if (Write-TextIfDifferent $MachineBackup $RootFile ($RootPem.Replace("\`r\`n", "\`n") + "\`n")) { $changed++ }
  if (-not (Test-RootInStore)) {
    if (Confirm-Change 'Cert:\\LocalMachine\\Root' ('import ' + $Thumbprint)) {
      Save-Original $MachineBackup 'root' $Thumbprint
      Import-Certificate -FilePath $RootFile -CertStoreLocation 'Cert:\\LocalMachine\\Root' | Out-Null
      if (-not (Test-RootInStore)) { throw ('TrustFix: the root ' + $Sha256 + ' is not in Cert:\\LocalMachine\\Root after Import-Certificate') }
      $changed++
    }
  }
  if ($NeedsBundle) {
    if (Write-TextIfDifferent $MachineBackup $BundleFile (Get-StoreBundleText)) { $changed++ }
  }
  return $changed
}

function Get-UserGaps {
  $gaps = New-Object System.Collections.Generic.List[string]
  foreach ($s in $EnvSettings) {
    $cur = Get-UserEnv $s.Name
    if ($null -eq $cur -or $cur.Value -cne $s.Value) { $gaps.Add('HKCU\\Environment ' + $s.Name) }
  }
  foreach ($s in $FileSettings) {
    $path = Resolve-UserPath $s.File
    if ((Read-TextOrNull $path) -cne (Get-DesiredFileText $s $path)) { $gaps.Add($path + ' ' + $s.Key) }
  }
  return @($gaps)
}

# The settings name the machine part's files and rely on the root in the store: without them a
# setting would point at nothing, so the user part waits for the machine part.
function Assert-MachinePartDone {
  if (-not (Test-RootInStore)) { throw 'TrustFix: the machine part has not run yet (the root is not in Cert:\\LocalMachine\\Root)' }
  foreach ($f in @($RootFile) + @(if ($NeedsBundle) { $BundleFile })) {
    if (-not (Test-Path -LiteralPath $f -PathType Leaf)) { throw ('TrustFix: the machine part has not run yet (' + $f + ' is missing)') }
  }
}

function Invoke-UserPart {
  $changed = 0
  foreach ($s in $EnvSettings) {
    $cur = Get-UserEnv $s.Name
    if ($null -ne $cur -and $cur.Value -ceq $s.Value) { continue }
    if (-not (Confirm-Change ('HKCU\\Environment\\' + $s.Name) ('set to ' + $s.Value))) { continue }
    Save-Original $UserBackup 'env' $s.Name
    # Writes HKCU\\Environment and tells running programs (WM_SETTINGCHANGE).
    [System.Environment]::SetEnvironmentVariable($s.Name, $s.Value, 'User')
    $back = Get-UserEnv $s.Name
    if ($null -eq $back -or $back.Value -cne $s.Value) { throw ('TrustFix: HKCU\\Environment ' + $s.Name + ' does not read back as set') }
    $changed++
  }
  foreach ($s in $FileSettings) {
    $path = Resolve-UserPath $s.File
    if (Write-TextIfDifferent $UserBackup $path (Get-DesiredFileText $s $path)) { $changed++ }
  }
  return $changed
}

# Undo: every manifest entry put back, last first: a file's saved bytes copied back (or the file
# removed when TrustFix made it), a variable's old value and type (or removed), the root removed
# from the store only when this script's remediation added it, folders it made removed when empty.
function Invoke-Undo([string]$Dir) {
  $entries = @(Read-Manifest $Dir)
  if ($entries.Count -eq 0) { return 0 }
  [array]::Reverse($entries)
  $done = 0
  foreach ($e in $entries) {
    if (-not (Confirm-Change $e.target 'put back')) { continue }
    switch ($e.type) {
      'file' {
        if ($e.existed) { [System.IO.File]::Copy((Join-Path $Dir $e.backup), $e.target, $true) }
        elseif (Test-Path -LiteralPath $e.target -PathType Leaf) { Remove-Item -LiteralPath $e.target -Force }
      }
      'env' {
        if ($e.existed) { New-ItemProperty -Path 'HKCU:\\Environment' -Name $e.target -Value $e.value -PropertyType $e.valueKind -Force | Out-Null }
        else { [System.Environment]::SetEnvironmentVariable($e.target, $null, 'User') }
      }
      'root' {
        $path = 'Cert:\\LocalMachine\\Root\\' + $e.target
        if (-not $e.existed -and (Test-RootInStore)) { Remove-Item -LiteralPath $path -Force }
      }
      'dir' { }
    }
    $done++
  }
  # Folders last, innermost first: each only when empty (a user's later files keep theirs).
  $dirs = @($entries | Where-Object { $_.type -eq 'dir' -and -not $_.existed } | ForEach-Object { $_.target })
  Remove-Item -LiteralPath $Dir -Recurse -Force
  $fleet = Split-Path -Parent $Dir
  # <root>\\fleet\\<sha16> and <root>\\fleet; %ProgramData%\\TrustFix itself is a recorded folder when
  # the machine part made it, and %LOCALAPPDATA%\\TrustFix may be the app's own data folder: kept.
  $ancestors = @($fleet, (Split-Path -Parent $fleet))
  foreach ($d in $ancestors + $dirs) {
    if ((Test-Path -LiteralPath $d -PathType Container) -and -not (Get-ChildItem -LiteralPath $d -Force | Select-Object -First 1)) {
      Remove-Item -LiteralPath $d -Force
    }
  }
  return $done
}
`;
}
