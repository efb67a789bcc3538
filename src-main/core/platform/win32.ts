// Windows: the certificate stores read as certificates, not as certutil prose (certutil's text is
// localized and printed in the console code page). PowerShell's Cert: drive yields X509Certificate2
// objects; each RawData is printed as one base64 line, tagged with its store (platform/winStores.ts).
// Source: https://learn.microsoft.com/powershell/module/microsoft.powershell.security/about/about_certificate_provider
// and X509Certificate.RawData / GetRawCertData(): https://learn.microsoft.com/dotnet/api/system.security.cryptography.x509certificates.x509certificate.getrawcertdata
import { win32ClientPlaces } from './clientPlaces.ts';
import { win32ConfigPlaces } from './configPlaces.ts';
import { win32ElevationQuoting } from './elevationQuoting.ts';
import { win32PythonPlaces } from './pythonPlaces.ts';
import {
  windowsReadUserEnv,
  windowsRegQueryUserEnv,
  windowsSetUserEnv,
  windowsStoreAdd,
  windowsStoreRefresh,
} from './storeCommands.ts';
import type { CommandSpec, Platform, SystemRoots } from './types.ts';
import { everythingIndex } from './fileIndex.ts';
import { windowsWalkPlan } from './mounts.ts';
import { nativeSystemRoots } from './nativeStore.ts';
import { cancelledBy } from '../cancel.ts';
import { readWindowsStores } from './winStores.ts';
import { launchWin32 } from './launch.ts';

export const win32Platform: Platform = {
  id: 'win32',
  // truststore on Windows (_windows.py) turns OpenSSL's own verification off for the handshake and asks
  // CryptoAPI (CertGetCertificateChain + CertVerifyCertificateChainPolicy, the store SChannel uses); of
  // the context's flags it reads only the CRL ones, so VERIFY_X509_STRICT does not apply and the OS
  // verifier decides. Source: truststore 0.10.4, _windows.py; https://truststore.readthedocs.io/
  truststoreRelaxesStrict: true,
  truststoreReadsOsStore: true,
  // ssl.SSLContext.load_default_certs(): "On Windows it loads CA certs from the CA and ROOT system
  // stores" (https://docs.python.org/3/library/ssl.html#ssl.SSLContext.load_default_certs).
  sslLoadsOsStores: true,
  // Automatic Root Certificates Update: Windows adds a public root to LocalMachine\Root when its own
  // chain engine first needs it; enumerating the store (what Python's ssl does) never triggers it.
  // https://learn.microsoft.com/windows-server/identity/ad-cs/configure-trusted-roots-disallowed-certificates
  rootsOnDemand: true,
  // No O_NOFOLLOW in Node here: a reparse point is caught by comparing lstat's file id with the open
  // file's. MoveFileEx refuses to replace a file another handle holds, and antivirus scanners or
  // editors hold files for a moment: those errors are tried again.
  files: { noFollow: 0, renameOverOpen: false, retryErrors: ['EPERM', 'EACCES', 'EBUSY'], folderByFd: null },
  clients: win32ClientPlaces,
  pythons: win32PythonPlaces,
  configs: win32ConfigPlaces,
  elevation: win32ElevationQuoting,
  // Node's own read, plus each certificate's store (PowerShell's Cert: drive for the logical stores,
  // reg.exe for the group policy and enterprise ones: platform/winStores.ts), so diagnosis can say
  // when a root came from policy or when only the CA store makes a chain verify.
  async readSystemRoots(signal?: AbortSignal): Promise<SystemRoots> {
    const { execa } = await import('execa'); // loaded only on this OS
    const run = async (cmd: CommandSpec): Promise<string> => {
      const r = await execa(cmd.file, cmd.args, { reject: false, timeout: 30_000, ...cancelledBy(signal) });
      if (signal?.aborted) throw signal.reason;
      return r.exitCode === 0 ? String(r.stdout) : '';
    };
    return readWindowsStores(run, nativeSystemRoots());
  },
  storeAdd: (pemPath, cert) => ({ ...windowsStoreAdd(pemPath, cert), store: 'LocalMachine\\Root' }),
  storeRefresh: (workDir) => ({ ...windowsStoreRefresh(`${workDir}\\roots.sst`), store: 'LocalMachine\\Root' }),
  storeNeedsElevation: () => true,
  caseInsensitivePaths: true,
  storeAllowlist: {
    anchorDirs: [],
    certCommands: true,
    refreshes: (workDir) => windowsStoreRefresh(`${workDir}\\roots.sst`).run,
  },
  setUserEnv: windowsSetUserEnv,
  // Checked after a change by reg.exe when reg query can print the value as is (ASCII; it prints in
  // the console's OEM code page); otherwise, and for the exact bytes an undo restores, by PowerShell.
  readUserEnv: (name, expect) =>
    expect !== undefined && /^[\x20-\x7e]*$/.test(expect) ? windowsRegQueryUserEnv(name) : windowsReadUserEnv(name),
  userEnvWhere: (names) => `HKCU\\Environment\\${names}`,
  loginProfile: () => null,
  // Windows keeps its roots in certificate stores, not in generated files.
  generatedBundle: () => null,
  packageOwner: async () => null,
  readEnvFile: () => null,
  walkPlan: windowsWalkPlan,
  askIndex: everythingIndex,
  // A .cmd/.bat shim (aws.cmd, conda.bat) through cmd.exe: Node refuses to start one itself.
  launch: launchWin32,
  // Explorer hands an http address to the default browser, with no shell in between.
  openUrl: (url) => ({ file: 'explorer.exe', args: [url] }),
};
