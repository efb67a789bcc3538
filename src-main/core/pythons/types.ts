// What TrustFix knows of one Python interpreter and of the trust each of its HTTPS clients uses.
// Shared by discovery/probing (pythons/), diagnosis (diagnose/), repairs (repair/) and the app.
import type { Message } from '../messages.ts';

export type ClientName = 'urllib' | 'requests' | 'pip';
export const CLIENTS: readonly ClientName[] = ['urllib', 'requests', 'pip'];

/** The verdict on one source: a bundle's status from the scan, "os-store" for an OS verifier, or
 * "unknown" for what TrustFix cannot judge as a file (a hashed certificate folder). */
export type SourceStatus = 'current' | 'stale' | 'broken' | 'not-a-bundle' | 'os-store' | 'unknown';

/** Why a source is in the list: the client's own default, an override, or the OS verifier. */
export type SourceRole = 'default' | 'override' | 'os-store' | 'folder';

interface SourceCommon {
  role: SourceRole;
  /** What put this source in force (see ClientTrust.steeredBy). */
  steeredBy: string;
  status?: SourceStatus;
  bundleId?: string;
}

/** Where trust is read from, without how it was chosen: what path building needs. */
export type SourceLocation =
  { kind: 'file'; path: string } | { kind: 'dir'; path: string } | { kind: 'os-store'; path?: string };

/** One place a client reads trust from. pip >= 24.2 on 3.10+ reads two: the OS store and its certifi.
 * On Linux and other OpenSSL systems the OS store is a file (`path`): the one OpenSSL loads by default. */
export type TrustSource = SourceCommon & SourceLocation;

export interface ClientTrust {
  client: ClientName;
  /** false when the client is not installed in this interpreter (requests missing, no pip). */
  available: boolean;
  missingReason?: Message;
  /** The client's version where it has one (requests, pip). */
  version?: string;
  /** The main source, for tables: a file path, or "os-store". */
  source: string;
  sources: TrustSource[];
  /** What put this source in force: "default", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "PIP_CERT",
   * "pip.conf:/etc/pip.conf", "truststore", ... */
  steeredBy: string;
  /** Verdict of the main source when it is a bundle the scan judged; "os-store" for the OS store. */
  status?: SourceStatus;
  bundleId?: string;
  /** Why the status is what it is, when it is not simply the bundle's verdict (a missing file...). */
  reason?: Message;
  /** The bundle the client ships with (certifi's, pip's vendored certifi), even when overridden. */
  bundled?: { path: string; status?: SourceStatus; bundleId?: string };
}

export interface PythonInfo {
  /** Stable id ("py-" + hash of the real executable): requests from the app name interpreters by it. */
  id: string;
  executable: string;
  realExecutable: string;
  /** Other paths that lead to the same interpreter (symlinks, python3 vs python3.11, shims). */
  aliases: string[];
  /** How it was found: "PATH", "pyenv", "venv", "conda", "py-launcher", "registry", "--python", ... */
  foundBy: string[];
  version?: string;
  implementation?: string;
  openssl?: string;
  hasSni?: boolean;
  prefix?: string;
  basePrefix?: string;
  isVenv?: boolean;
  /** Its site-packages folders (the probe's), where other clients' libraries live (botocore). */
  sitePackages?: string[];
  /** Set when the interpreter could not be probed (missing, hangs, prints garbage, exits non-zero). */
  error?: Message;
  /** true when the probe came from the cache (interpreter, site-packages and config unchanged). */
  cached?: boolean;
  probeMs?: number;
  packages?: {
    certifi?: { version?: string; where?: string };
    requests?: { version?: string; where?: string };
    pip?: { version?: string; certifiVersion?: string; certifiWhere?: string };
    truststore?: { version?: string };
    pipSystemCerts?: { version?: string; active: boolean };
  };
  clients: Partial<Record<ClientName, ClientTrust>>;
}
