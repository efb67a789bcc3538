// What TrustFix knows of one Python interpreter and of the trust each of its HTTPS clients uses.
// Shared by discovery/probing (pythons/), diagnosis (diagnose/), repairs (repair/) and the app.
import type { Message } from '../messages.ts';

export type ClientName = 'urllib' | 'requests' | 'pip';
export const CLIENTS: readonly ClientName[] = ['urllib', 'requests', 'pip'];

/** One place a client reads trust from. pip >= 24.2 on 3.10+ reads two: the OS store and its certifi. */
export type TrustSource =
  | { kind: 'file'; path: string }
  | { kind: 'dir'; path: string }
  | { kind: 'os-store' };

export interface ClientTrust {
  client: ClientName;
  /** false when the client is not installed in this interpreter (requests missing, no pip). */
  available: boolean;
  missingReason?: Message;
  /** The main source, for tables: a file path, or "os-store". */
  source: string;
  sources: TrustSource[];
  /** What put this source in force: "default", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "PIP_CERT",
   * "pip.conf:/etc/pip.conf", "truststore", ... */
  steeredBy: string;
  /** Verdict of the main source when it is a bundle the scan judged; "os-store" for the OS store. */
  status?: 'current' | 'stale' | 'broken' | 'not-a-bundle' | 'os-store' | 'unknown';
  bundleId?: string;
}

export interface PythonInfo {
  /** Stable id ("py-" + hash of the real executable): requests from the app name interpreters by it. */
  id: string;
  executable: string;
  realExecutable: string;
  /** How it was found: "PATH", "pyenv", "venv", "conda", "py-launcher", "registry", "--python", ... */
  foundBy: string[];
  version?: string;
  implementation?: string;
  openssl?: string;
  hasSni?: boolean;
  prefix?: string;
  basePrefix?: string;
  isVenv?: boolean;
  /** Set when the interpreter could not be probed (missing, hangs, prints garbage, exits non-zero). */
  error?: Message;
  clients: Partial<Record<ClientName, ClientTrust>>;
}
