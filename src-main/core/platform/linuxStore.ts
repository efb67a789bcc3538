// Linux: adding a root to the OS store is a PEM file in the distribution's anchor folder, then the
// distribution's own refresh command. Families as data, one comment each (after mkcert's
// truststore_linux.go); the first whose anchor folder exists wins. Expired roots are never removed:
// TrustFix only adds its own file and takes that same file back.
import { existsSync } from 'node:fs';
import type { CommandSpec } from './types.ts';

export interface LinuxStoreLayout {
  family: string;
  anchorDir: string;
  /** The refresh after adding; `undo` after removing TrustFix's file. */
  refresh: CommandSpec;
  refreshAfterRemove: CommandSpec;
  /** The bundle the refresh rebuilds (what Python's default context reads). */
  bundle: string;
  /** Every file the refresh writes, by real path (a trailing "/" names a whole folder): TrustFix never
   * edits these in place, since the next refresh (or package upgrade) would silently erase it.
   * Default: `bundle`. */
  generated?: readonly string[];
}

export const LINUX_STORE_LAYOUTS: readonly LinuxStoreLayout[] = [
  // Debian, Ubuntu, Alpine: update-ca-certificates reads /usr/local/share/ca-certificates/*.crt;
  // --fresh also drops the links of files that are gone.
  {
    family: 'debian',
    anchorDir: '/usr/local/share/ca-certificates',
    refresh: { file: 'update-ca-certificates', args: [] },
    refreshAfterRemove: { file: 'update-ca-certificates', args: ['--fresh'] },
    bundle: '/etc/ssl/certs/ca-certificates.crt',
    generated: ['/etc/ssl/certs/ca-certificates.crt'],
  },
  // Fedora, RHEL, CentOS: p11-kit anchors, then update-ca-trust extract.
  {
    family: 'fedora',
    anchorDir: '/etc/pki/ca-trust/source/anchors',
    refresh: { file: 'update-ca-trust', args: ['extract'] },
    refreshAfterRemove: { file: 'update-ca-trust', args: ['extract'] },
    bundle: '/etc/pki/tls/certs/ca-bundle.crt',
    // ca-bundle.crt is a link into extracted/, which update-ca-trust rewrites whole.
    generated: ['/etc/pki/ca-trust/extracted/'],
  },
  // Arch, Manjaro: p11-kit's trust-source anchors.
  {
    family: 'arch',
    anchorDir: '/etc/ca-certificates/trust-source/anchors',
    refresh: { file: 'trust', args: ['extract-compat'] },
    refreshAfterRemove: { file: 'trust', args: ['extract-compat'] },
    bundle: '/etc/ssl/certs/ca-certificates.crt',
    // /etc/ssl/certs/ca-certificates.crt links to extracted/tls-ca-bundle.pem.
    generated: ['/etc/ca-certificates/extracted/', '/etc/ssl/certs/ca-certificates.crt'],
  },
  // openSUSE, SLES.
  {
    family: 'suse',
    anchorDir: '/etc/pki/trust/anchors',
    refresh: { file: 'update-ca-certificates', args: [] },
    refreshAfterRemove: { file: 'update-ca-certificates', args: [] },
    bundle: '/etc/ssl/ca-bundle.pem',
    // /etc/ssl/ca-bundle.pem links to /var/lib/ca-certificates/ca-bundle.pem.
    generated: ['/var/lib/ca-certificates/', '/etc/ssl/ca-bundle.pem'],
  },
];

export const LINUX_ANCHOR_DIRS: readonly string[] = LINUX_STORE_LAYOUTS.map((l) => l.anchorDir);

/** The layout whose refresh writes this real path, if any. */
export function generatingLayout(realPath: string, layouts: readonly LinuxStoreLayout[]): LinuxStoreLayout | undefined {
  return layouts.find((l) =>
    (l.generated ?? [l.bundle]).some((g) => (g.endsWith('/') ? realPath.startsWith(g) : realPath === g)),
  );
}

export function detectLinuxLayout(exists: (p: string) => boolean = existsSync): LinuxStoreLayout | undefined {
  return LINUX_STORE_LAYOUTS.find((l) => exists(l.anchorDir));
}

/**
 * Debian's update-ca-certificates on a test root: every folder it touches given explicitly
 * (--certsconf, --certsdir, --localcertsdir, --etccertsdir, --hooksdir; its --help lists only
 * --verbose and --fresh, but the script parses all of these).
 */
export function debianTestLayout(root: string): LinuxStoreLayout {
  const opts = [
    '--certsconf',
    `${root}/etc/ca-certificates.conf`,
    '--certsdir',
    `${root}/usr/share/ca-certificates`,
    '--localcertsdir',
    `${root}/usr/local/share/ca-certificates`,
    '--etccertsdir',
    `${root}/etc/ssl/certs`,
    '--hooksdir',
    `${root}/etc/ca-certificates/update.d`,
  ];
  return {
    family: 'debian-test',
    anchorDir: `${root}/usr/local/share/ca-certificates`,
    refresh: { file: 'update-ca-certificates', args: opts },
    refreshAfterRemove: { file: 'update-ca-certificates', args: ['--fresh', ...opts] },
    bundle: `${root}/etc/ssl/certs/ca-certificates.crt`,
    generated: [`${root}/etc/ssl/certs/ca-certificates.crt`],
  };
}
