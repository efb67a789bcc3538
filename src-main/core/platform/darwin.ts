// macOS: the system roots and the System keychain (where admins and MDM add corporate roots),
// printed as PEM by `security find-certificate -a -p KEYCHAIN`.
// Source: security(1), "find-certificate ... -a Find all matching certificates ... -p Output
// certificate in pem format": https://ss64.com/mac/security-find-cert.html (Apple's man page).
import { constants } from 'node:fs';
import { splitBundle } from '../certs/pem.ts';
import { darwinClientPlaces } from './clientPlaces.ts';
import { darwinConfigPlaces } from './configPlaces.ts';
import { posixElevationQuoting } from './elevationQuoting.ts';
import { darwinPythonPlaces } from './pythonPlaces.ts';
import { posixReadEnvFile } from './readBack.ts';
import { macosReadUserEnv, macosSetUserEnv, macosStoreAdd, MACOS_SYSTEM_KEYCHAIN } from './storeCommands.ts';
import type { CommandSpec, Platform, SystemRoots } from './types.ts';
import { spotlightIndex } from './fileIndex.ts';
import { posixWalkPlan } from './mounts.ts';
import { nativeSystemRoots } from './nativeStore.ts';
import { cancelledBy } from '../cancel.ts';

export const MACOS_KEYCHAINS = [
  '/System/Library/Keychains/SystemRootCertificates.keychain',
  '/Library/Keychains/System.keychain',
] as const;

export function findCertificatesCommand(keychain: string): CommandSpec {
  return { file: '/usr/bin/security', args: ['find-certificate', '-a', '-p', keychain] };
}

export const darwinPlatform: Platform = {
  id: 'darwin',
  // truststore on macOS (_macos.py) turns OpenSSL's own verification off for the handshake and asks
  // Security.framework (SecTrustEvaluateWithError); of the context's flags it reads only the CRL ones,
  // so VERIFY_X509_STRICT does not apply and the OS verifier decides. Source: truststore 0.10.4,
  // _macos.py _configure_context / _verify_peercerts_impl; https://truststore.readthedocs.io/
  truststoreRelaxesStrict: true,
  truststoreReadsOsStore: true,
  sslLoadsOsStores: false,
  // O_NOFOLLOW as on Linux; /dev/fd/N is no folder alias on macOS, so folders are checked by path.
  files: { noFollow: constants.O_NOFOLLOW, renameOverOpen: true, retryErrors: [], folderByFd: null },
  clients: darwinClientPlaces,
  pythons: darwinPythonPlaces,
  configs: darwinConfigPlaces,
  elevation: posixElevationQuoting,
  async readSystemRoots(signal?: AbortSignal): Promise<SystemRoots> {
    // Node's own read first; `security find-certificate` where it finds nothing.
    const native = nativeSystemRoots();
    if (native.length > 0) return { source: 'macOS keychains', ders: native };
    const ders: Buffer[] = [];
    for (const keychain of MACOS_KEYCHAINS) {
      const cmd = findCertificatesCommand(keychain);
      const { execa } = await import('execa'); // loaded only on this OS
      const { stdout } = await execa(cmd.file, cmd.args, { timeout: 30_000, reject: false, ...cancelledBy(signal) });
      ders.push(...splitBundle(Buffer.from(stdout)).ders);
    }
    return { source: MACOS_KEYCHAINS.join(', '), ders };
  },
  storeAdd: (pemPath, cert) => ({ ...macosStoreAdd(pemPath, cert), store: MACOS_SYSTEM_KEYCHAIN }),
  storeRefresh: () => null,
  storeNeedsElevation: () => true,
  caseInsensitivePaths: true,
  storeAllowlist: { anchorDirs: [], certCommands: true, refreshes: () => [] },
  setUserEnv: macosSetUserEnv,
  readUserEnv: macosReadUserEnv,
  userEnvWhere: (names) => `launchctl ${names}`,
  // zsh has been the default login shell since macOS 10.15.
  loginProfile: (home) => `${home}/.zprofile`,
  // macOS keeps its roots in keychains, not in generated files; Homebrew's and conda's are judged by path.
  generatedBundle: () => null,
  packageOwner: async () => null,
  readEnvFile: posixReadEnvFile,
  walkPlan: (policy, signal) => posixWalkPlan('darwin', policy, signal),
  askIndex: spotlightIndex,
  openUrl: (url) => ({ file: 'open', args: [url] }),
};
