// Exact commands for the OS store and for per-user environment variables on Windows and macOS, as
// argument arrays (tests check them without running them). Values go in as single-quoted PowerShell
// literals ('' doubled), never spliced into a shell.
import type { CommandSpec, ReadBack, ValueRead } from './types.ts';

export interface StoreCert {
  sha1: string;
  sha256: string;
}

const ps = (script: string): CommandSpec => ({
  file: 'powershell.exe',
  args: ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', script],
});
const psQuote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

// Windows. certutil -addstore Root imports into LocalMachine\Root (administrator); -delstore by SHA-1
// thumbprint takes exactly that certificate back. Windows Update's root list: -generateSSTFromWU
// writes a serialized store, imported with Import-Certificate into LocalMachine\Root.
export function windowsStoreAdd(
  pemPath: string,
  cert: StoreCert,
): { run: CommandSpec[]; undo: CommandSpec[]; readBack: ReadBack } {
  return {
    run: [{ file: 'certutil.exe', args: ['-addstore', '-f', 'Root', pemPath] }],
    undo: [{ file: 'certutil.exe', args: ['-delstore', 'Root', cert.sha1.replace(/:/g, '').toLowerCase()] }],
    readBack: windowsFindRoot(cert),
  };
}

/**
 * The root read back from LocalMachine\Root by its thumbprint: the Cert: drive addresses a certificate
 * as Cert:\LocalMachine\Root\<thumbprint> (about_Certificate_Provider,
 * https://learn.microsoft.com/powershell/module/microsoft.powershell.security/about/about_certificate_provider),
 * and X509Certificate2.Thumbprint is its SHA-1 as upper-case hex
 * (https://learn.microsoft.com/dotnet/api/system.security.cryptography.x509certificates.x509certificate2.thumbprint).
 * Only the thumbprint is printed: no localized prose is read. A missing certificate is an error (exit 1).
 */
export function windowsFindRoot(cert: StoreCert): ReadBack {
  const thumb = cert.sha1.replace(/:/g, '').toUpperCase();
  return {
    kind: 'command-value',
    run: ps(
      `$ErrorActionPreference='Stop'; (Get-Item -LiteralPath ${psQuote(`Cert:\\LocalMachine\\Root\\${thumb}`)}).Thumbprint`,
    ),
    decode: 'line',
    expect: thumb,
  };
}

/**
 * Windows Update's root list into LocalMachine\Root. Both programs can exit 0 and do nothing (Wine's
 * stubs; a machine without Windows Update access), so the refresh is read back: roots.sst must be a
 * serialized store with certificates, and LocalMachine\Root must then hold each of them, found by
 * thumbprint in a listing of the store (one fixed command, whatever the list holds: ~400 roots would
 * not fit one command line as Get-Item paths).
 */
export function windowsStoreRefresh(sstPath: string): { run: CommandSpec[]; readBack: ReadBack } {
  return {
    run: [
      { file: 'certutil.exe', args: ['-generateSSTFromWU', sstPath] },
      ps(`Import-Certificate -FilePath ${psQuote(sstPath)} -CertStoreLocation 'Cert:\\LocalMachine\\Root' | Out-Null`),
    ],
    readBack: {
      kind: 'serialized-store-imported',
      file: sstPath,
      list: windowsListRoots(),
      store: 'LocalMachine\\Root',
    },
  };
}

/** Every thumbprint in LocalMachine\Root, one a line (X509Certificate2.Thumbprint, as above); an
 * unreadable store is an error (exit 1), not an empty list. */
export function windowsListRoots(): CommandSpec {
  return ps(
    `$ErrorActionPreference='Stop'; Get-ChildItem -LiteralPath 'Cert:\\LocalMachine\\Root' | ForEach-Object { $_.Thumbprint }`,
  );
}

/** HKCU\Environment through .NET, which also broadcasts WM_SETTINGCHANGE to running programs. */
export function windowsSetUserEnv(name: string, value: string | null): CommandSpec {
  return ps(
    `[Environment]::SetEnvironmentVariable(${psQuote(name)}, ${value === null ? '$null' : psQuote(value)}, 'User')`,
  );
}

/**
 * HKCU\Environment read straight from the registry (another route than the .NET call that wrote it),
 * unexpanded (RegistryKey.GetValue with DoNotExpandEnvironmentNames:
 * https://learn.microsoft.com/dotnet/api/microsoft.win32.registrykey.getvalue), printed as base64 of its
 * UTF-8 bytes: `reg query` and plain output come in the console's OEM code page, which turns a
 * non-ASCII path (a Chinese user name) into different characters. Unset: no output.
 */
export function windowsReadUserEnv(name: string): ValueRead {
  const script = `$v = (Get-Item -LiteralPath 'HKCU:\\Environment').GetValue(${psQuote(name)}, $null, 'DoNotExpandEnvironmentNames'); if ($null -ne $v) { [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes([string]$v)) }`;
  return { run: ps(script), decode: 'base64' };
}

/**
 * HKCU\Environment read back by reg.exe after the PowerShell call set it: another program than the
 * one that wrote (a PowerShell that exits 0 and does nothing, as Wine's stub does, is caught), and the
 * one route both Windows and Wine run for real. reg query prints in the console code page, so it is
 * used for ASCII values only (win32.ts); decoded as `reg` (platform/readBack.ts). A missing value:
 * exit 1 (Windows: "ERROR: The system was unable to find the specified registry key or value.",
 * Wine: "reg: Unable to find the specified registry key").
 * Source: https://learn.microsoft.com/windows-server/administration/windows-commands/reg-query
 */
export function windowsRegQueryUserEnv(name: string): ValueRead {
  return { run: { file: 'reg.exe', args: ['query', 'HKCU\\Environment', '/v', name] }, decode: 'reg' };
}

// macOS. -d: the admin trust settings domain; -r trustRoot; -k the System keychain (admin dialog).
export const MACOS_SYSTEM_KEYCHAIN = '/Library/Keychains/System.keychain';

export function macosStoreAdd(
  pemPath: string,
  cert: StoreCert,
): { run: CommandSpec[]; undo: CommandSpec[]; readBack: ReadBack } {
  return {
    readBack: macosFindRoot(cert),
    run: [
      {
        file: '/usr/bin/security',
        args: ['add-trusted-cert', '-d', '-r', 'trustRoot', '-k', MACOS_SYSTEM_KEYCHAIN, pemPath],
      },
    ],
    undo: [
      { file: '/usr/bin/security', args: ['remove-trusted-cert', '-d', pemPath] },
      {
        file: '/usr/bin/security',
        args: ['delete-certificate', '-Z', cert.sha1.replace(/:/g, '').toUpperCase(), MACOS_SYSTEM_KEYCHAIN],
      },
    ],
  };
}

/**
 * The System keychain read back: `security find-certificate -a -Z KEYCHAIN` prints, for each
 * certificate, a "SHA-1 hash: <upper-case hex>" line (security(1): "-Z Print SHA-256 (and SHA-1) hash
 * of the certificate", https://ss64.com/mac/security-find-cert.html; older releases print SHA-1 only,
 * so SHA-1 is what is looked for). The security tool's labels are not localized.
 */
export function macosFindRoot(cert: StoreCert): ReadBack {
  return {
    kind: 'command-output',
    run: { file: '/usr/bin/security', args: ['find-certificate', '-a', '-Z', MACOS_SYSTEM_KEYCHAIN] },
    expect: `SHA-1 hash: ${cert.sha1.replace(/:/g, '').toUpperCase()}`,
  };
}

/** launchctl setenv reaches GUI apps started afterwards; the login profile covers new terminals. */
export function macosSetUserEnv(name: string, value: string | null): CommandSpec {
  return value === null
    ? { file: '/bin/launchctl', args: ['unsetenv', name] }
    : { file: '/bin/launchctl', args: ['setenv', name, value] };
}

/** launchctl getenv prints the value and a newline, or nothing when it is unset (launchctl(1)). */
export function macosReadUserEnv(name: string): ValueRead {
  return { run: { file: '/bin/launchctl', args: ['getenv', name] }, decode: 'line' };
}
