// macOS: the keychains read within a time budget (macKeychains.ts), `security add-trusted-cert` into
// the System keychain, and the MDM route named beside it on a managed Mac (macManaged.ts).
import { constants } from 'node:fs';
import { darwinClientPlaces } from './clientPlaces.ts';
import { darwinConfigPlaces } from './configPlaces.ts';
import { posixElevationQuoting } from './elevationQuoting.ts';
import { launchDirect } from './launch.ts';
import { darwinPythonPlaces } from './pythonPlaces.ts';
import { posixReadEnvFile } from './readBack.ts';
import { macosReadUserEnv, macosSetUserEnv, macosStoreAdd, MACOS_SYSTEM_KEYCHAIN } from './storeCommands.ts';
import type { Platform } from './types.ts';
import { spotlightIndex } from './fileIndex.ts';
import { posixWalkPlan } from './mounts.ts';
import type { TaskRunner } from './boundedTask.ts';
import { keychainBudgetMs, MAC_PROGRAMS, readMacKeychains, type MacPrograms } from './macKeychains.ts';
import { macEnrollment, macStoreAddNotes } from './macManaged.ts';

export { findCertificatesCommand, MACOS_KEYCHAINS } from './macKeychains.ts';

const base: Omit<Platform, 'readSystemRoots' | 'storeAddNotes'> = {
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
  launch: launchDirect,
  openUrl: (url) => ({ file: 'open', args: [url] }),
};

/** What tests change: the programs (fakes in a folder the test owns), the native read's task, the
 * runner, and the budget (else TRUSTFIX_KEYCHAIN_BUDGET_MS, read when it is used). */
export interface DarwinOptions {
  programs?: MacPrograms;
  nativeTask?: string;
  runner?: TaskRunner;
  budgetMs?: number;
}

export function darwinPlatformWith(options: DarwinOptions = {}): Platform {
  const programs = options.programs ?? MAC_PROGRAMS;
  const budget = (): number => options.budgetMs ?? keychainBudgetMs();
  return {
    ...base,
    readSystemRoots: (signal) =>
      readMacKeychains(
        {
          programs,
          budgetMs: budget(),
          ...(options.nativeTask ? { nativeTask: options.nativeTask } : {}),
          ...(options.runner ? { runner: options.runner } : {}),
        },
        signal,
      ),
    storeAddNotes: async (cert, signal) =>
      macStoreAddNotes(await macEnrollment(programs.profiles, budget(), signal), cert.sha256, budget()),
  };
}

export const darwinPlatform: Platform = darwinPlatformWith();
