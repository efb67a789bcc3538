// Linux: the OS store is a PEM file that each distribution keeps in its own place (and a hashed
// folder next to it). Candidate files as data, one comment per family; the first that exists wins,
// as in Go's crypto/x509 root_linux.go and truststore's _openssl.py.
import { constants } from 'node:fs';
import { splitBundle } from '../certs/pem.ts';
import { MAX_BUNDLE_BYTES } from '../certs/readBundle.ts';
import { readRegularFile } from '../certs/regularFile.ts';
import {
  detectLinuxLayout,
  generatingLayout,
  LINUX_ANCHOR_DIRS,
  LINUX_STORE_LAYOUTS,
  type LinuxStoreLayout,
} from './linuxStore.ts';
import { linuxClientPlaces } from './clientPlaces.ts';
import { locateIndex } from './fileIndex.ts';
import { posixWalkPlan } from './mounts.ts';
import { linuxConfigPlaces } from './configPlaces.ts';
import { posixElevationQuoting } from './elevationQuoting.ts';
import { launchDirect } from './launch.ts';
import { linuxPythonPlaces } from './pythonPlaces.ts';
import { posixReadEnvFile } from './readBack.ts';
import type { FileSafety, GeneratedBundle, PackageOwner, Platform, SystemRoots } from './types.ts';

export const LINUX_SYSTEM_BUNDLES: readonly string[] = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Gentoo, Arch (update-ca-certificates / p11-kit)
  '/etc/pki/tls/certs/ca-bundle.crt', // Fedora, RHEL, CentOS (update-ca-trust)
  '/etc/ssl/ca-bundle.pem', // openSUSE, SLES
  '/etc/pki/tls/cacert.pem', // OpenELEC
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', // CentOS/RHEL 7+ extracted bundle
  '/etc/ssl/cert.pem', // Alpine Linux
];

export async function readFirstBundle(candidates: readonly string[]): Promise<SystemRoots> {
  for (const path of candidates) {
    const read = await readRegularFile(path, { maxBytes: MAX_BUNDLE_BYTES });
    if (read.ok) return { source: path, ders: splitBundle(read.bytes).ders };
    // not on this distribution (or not a regular file): try the next one
  }
  return { source: 'none', ders: [] };
}

/** O_NOFOLLOW, and an open folder named by /proc/self/fd/N (proc(5): the link leads to the folder
 * that was opened even after it is moved or its path is swapped for a link). */
export const LINUX_FILES: FileSafety = {
  noFollow: constants.O_NOFOLLOW,
  renameOverOpen: true,
  retryErrors: [],
  folderByFd: (fd) => `/proc/self/fd/${fd}`,
};

/**
 * The package that installed a file: `dpkg-query --search` (Debian, Ubuntu), else `rpm -qf` (Fedora,
 * RHEL, openSUSE). A tool that is not installed, or a file no package lists, gives null. Both print
 * the package name in a fixed format whatever the locale.
 */
export async function linuxPackageOwner(path: string): Promise<PackageOwner | null> {
  // execa is loaded here, not at the top: it is about 140 modules, and judging named files runs no command.
  const { execa } = await import('execa');
  const opts = { reject: false, timeout: 15_000, env: { LC_ALL: 'C' }, stdin: 'ignore' } as const;
  const dpkg = await execa('dpkg-query', ['--search', path], opts).catch(() => undefined);
  if (dpkg?.exitCode === 0) {
    // "openssl: /usr/lib/ssl/cert.pem"; "libssl3:amd64: /usr/lib/..."; "pkg-a, pkg-b: /path".
    for (const line of String(dpkg.stdout).split('\n')) {
      const at = line.lastIndexOf(`: ${path}`);
      if (at > 0 && line.endsWith(path) && !line.startsWith('diversion '))
        return { manager: 'dpkg', package: line.slice(0, at) };
    }
  }
  const rpm = await execa('rpm', ['-qf', '--queryformat', '%{NAME}\n', path], opts).catch(() => undefined);
  const name = rpm?.exitCode === 0 ? String(rpm.stdout).trim().split('\n')[0] : undefined;
  return name ? { manager: 'rpm', package: name } : null;
}

function generatedBy(l: LinuxStoreLayout): GeneratedBundle {
  return { family: l.family, refreshedBy: [l.refresh.file, ...l.refresh.args].join(' '), anchorDir: l.anchorDir };
}

/** A Linux backend over one store layout (tests pass a layout on a temporary root). */
export function linuxPlatformWith(layout: () => LinuxStoreLayout | undefined): Platform {
  return {
    id: 'linux',
    files: LINUX_FILES,
    // truststore on Linux (_openssl.py) only points the context at OpenSSL's default files; OpenSSL then
    // verifies with the context's flags, VERIFY_X509_STRICT included (3.13's create_default_context and
    // urllib3 >= 2.3 set it). Measured here, Python 3.13.0, OpenSSL 3.0, truststore 0.10.4: a leaf
    // without Authority Key Identifier under a trusted root still fails with inject_into_ssl()
    // (test/integration/cli/commands/check.strict-313.test.ts; docs/strict-rule.md).
    truststoreRelaxesStrict: false,
    truststoreReadsOsStore: false,
    sslLoadsOsStores: false,
    clients: linuxClientPlaces,
    pythons: linuxPythonPlaces,
    configs: linuxConfigPlaces,
    elevation: posixElevationQuoting,
    readSystemRoots: () => readFirstBundle(LINUX_SYSTEM_BUNDLES),
    storeAdd: (_pemPath, cert) => {
      const l = layout();
      if (!l) return null;
      // Read back: the bundle the refresh generates must now hold the root.
      const readBack = { kind: 'file-has-certificate' as const, path: l.bundle, fingerprint: cert.sha256 };
      return {
        anchorFile: `${l.anchorDir}/trustfix-${cert.sha256.slice(0, 16)}.crt`,
        run: [l.refresh],
        undo: [l.refreshAfterRemove],
        store: `${l.anchorDir} (${l.family})`,
        readBack,
      };
    },
    storeRefresh: () => null,
    // A refresh rebuilds the store from the anchor folders: it takes no input from anyone.
    storeNeedsElevation: () => process.getuid?.() !== 0,
    caseInsensitivePaths: false,
    storeAllowlist: {
      anchorDirs: LINUX_ANCHOR_DIRS,
      certCommands: false,
      refreshes: () => LINUX_STORE_LAYOUTS.flatMap((l) => [l.refresh, l.refreshAfterRemove]),
    },
    setUserEnv: () => null,
    readUserEnv: () => null,
    userEnvWhere: () => null,
    loginProfile: (home) => `${home}/.profile`,
    generatedBundle: (realPath) => {
      const l = layout();
      const found = (l && generatingLayout(realPath, [l])) ?? generatingLayout(realPath, LINUX_STORE_LAYOUTS);
      return found ? generatedBy(found) : null;
    },
    packageOwner: linuxPackageOwner,
    readEnvFile: posixReadEnvFile,
    walkPlan: (policy, signal) => posixWalkPlan('linux', policy, signal),
    askIndex: locateIndex,
    launch: launchDirect,
    // freedesktop.org's opener: it hands the address to the desktop's default browser.
    openUrl: (url) => ({ file: 'xdg-open', args: [url] }),
  };
}

export const linuxPlatform: Platform = linuxPlatformWith(() => detectLinuxLayout());
