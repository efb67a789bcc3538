// Exact commands for the OS store and for per-user environment variables on Windows and macOS, as
// argument arrays (tests check them without running them). Values go in as single-quoted PowerShell
// literals ('' doubled), never spliced into a shell.
import type { CommandSpec } from './types.ts';

export interface StoreCert {
  sha1: string;
  sha256: string;
}

const ps = (script: string): CommandSpec => ({ file: 'powershell.exe', args: ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', script] });
const psQuote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

// Windows. certutil -addstore Root imports into LocalMachine\Root (administrator); -delstore by SHA-1
// thumbprint takes exactly that certificate back. Windows Update's root list: -generateSSTFromWU
// writes a serialized store, imported with Import-Certificate into LocalMachine\Root.
export function windowsStoreAdd(pemPath: string, cert: StoreCert): { run: CommandSpec[]; undo: CommandSpec[] } {
  return {
    run: [{ file: 'certutil.exe', args: ['-addstore', '-f', 'Root', pemPath] }],
    undo: [{ file: 'certutil.exe', args: ['-delstore', 'Root', cert.sha1.replace(/:/g, '').toLowerCase()] }],
  };
}

export function windowsStoreRefresh(sstPath: string): CommandSpec[] {
  return [
    { file: 'certutil.exe', args: ['-generateSSTFromWU', sstPath] },
    ps(`Import-Certificate -FilePath ${psQuote(sstPath)} -CertStoreLocation 'Cert:\\LocalMachine\\Root' | Out-Null`),
  ];
}

/** HKCU\Environment through .NET, which also broadcasts WM_SETTINGCHANGE to running programs. */
export function windowsSetUserEnv(name: string, value: string | null): CommandSpec {
  return ps(`[Environment]::SetEnvironmentVariable(${psQuote(name)}, ${value === null ? '$null' : psQuote(value)}, 'User')`);
}

export function windowsReadUserEnv(name: string): CommandSpec {
  return ps(`[Environment]::GetEnvironmentVariable(${psQuote(name)}, 'User')`);
}

// macOS. -d: the admin trust settings domain; -r trustRoot; -k the System keychain (admin dialog).
export const MACOS_SYSTEM_KEYCHAIN = '/Library/Keychains/System.keychain';

export function macosStoreAdd(pemPath: string, cert: StoreCert): { run: CommandSpec[]; undo: CommandSpec[] } {
  return {
    run: [{ file: '/usr/bin/security', args: ['add-trusted-cert', '-d', '-r', 'trustRoot', '-k', MACOS_SYSTEM_KEYCHAIN, pemPath] }],
    undo: [
      { file: '/usr/bin/security', args: ['remove-trusted-cert', '-d', pemPath] },
      { file: '/usr/bin/security', args: ['delete-certificate', '-Z', cert.sha1.replace(/:/g, '').toUpperCase(), MACOS_SYSTEM_KEYCHAIN] },
    ],
  };
}

/** launchctl setenv reaches GUI apps started afterwards; the login profile covers new terminals. */
export function macosSetUserEnv(name: string, value: string | null): CommandSpec {
  return value === null ? { file: '/bin/launchctl', args: ['unsetenv', name] } : { file: '/bin/launchctl', args: ['setenv', name, value] };
}

export function macosReadUserEnv(name: string): CommandSpec {
  return { file: '/bin/launchctl', args: ['getenv', name] };
}
