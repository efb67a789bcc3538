// What TrustFix knows of one HTTPS client that is not a Python interpreter's own (uv, conda, poetry,
// curl, git, node/npm, the AWS CLI/botocore): where it is, its version, every trust setting it read
// and where, and the trust source that wins after all of them. Plain JSON-able records shared by
// discovery (clients/), diagnosis, the `trust ROOT` planner (repair/) and the app.
//
// The question each record answers in one line: "git uses /tmp/x.pem because GIT_SSL_CAINFO is set"
// = trust.sources[0].path + trust.steeredBy.setting + trust.steeredBy.where.
import type { Message } from '../messages.ts';
import type { SourceStatus } from '../pythons/types.ts';

export type ToolClientName = 'uv' | 'conda' | 'mamba' | 'poetry' | 'curl' | 'git' | 'node' | 'npm' | 'aws' | 'botocore';
export const TOOL_CLIENTS: readonly ToolClientName[] = [
  'uv',
  'conda',
  'mamba',
  'poetry',
  'curl',
  'git',
  'node',
  'npm',
  'aws',
  'botocore',
];

/** Where a setting's value came from. `line` is 1-based where TrustFix read the file itself. */
export type SettingOrigin =
  | { kind: 'env'; name: string }
  | { kind: 'file'; path: string; line?: number }
  /** A command-line flag found where the client reads flags persistently (NODE_OPTIONS). */
  | { kind: 'flag'; flag: string; in?: string }
  /** The client's build-time default, as the client itself reports it (`curl-config --ca`,
   * `openssl version -d`, `git config --show-origin` naming no file). */
  | { kind: 'built-in'; detail?: string };

/**
 * One trust setting the client reads, as found. `effect` says what it does once every other setting
 * is applied: `wins` (decides the source), `adds` (trusted besides the source: NODE_EXTRA_CA_CERTS),
 * `shadowed` (a setting that wins hides it), `ignored` (this client does not read it although others
 * do: REQUESTS_CA_BUNDLE for uv; NODE_USE_SYSTEM_CA on a node too old), `error` (the client refuses
 * to run with it: AWS_CA_BUNDLE="" in recent botocore).
 */
export interface Setting {
  /** As the client spells it: "GIT_SSL_CAINFO", "http.sslCAInfo", "cafile", "ssl_verify", "system-certs". */
  name: string;
  value: string;
  where: SettingOrigin;
  effect: 'wins' | 'adds' | 'shadowed' | 'ignored' | 'error';
  /** Why, when the effect is not self-evident (the node version that lacks the option...). */
  note?: Message;
}

/** How the client's trust is held: one PEM file, a hashed folder, the OS verifier, a list compiled
 * into the client (node's Mozilla roots, uv's webpki-roots: no file to point at), or certificates
 * written into a settings value (npm's `ca`). */
export type ToolTrustKind = 'file' | 'dir' | 'os-store' | 'bundled' | 'inline';

/** One place trust is read from, with the scan's verdict once judged (attach step). */
export interface ToolSource {
  kind: ToolTrustKind;
  /** The file or folder; for `os-store` on Linux the file OpenSSL loads; for `bundled` absent, or a
   * temporary PEM TrustFix wrote from the client's own list to judge it. */
  path?: string;
  /** `default` the client's own choice, `override` put in force by a setting, `extra` trusted in
   * addition (NODE_EXTRA_CA_CERTS, npm `ca` beside the defaults). */
  role: 'default' | 'override' | 'extra';
  /** For `bundled`: how many roots the client holds (node: tls.rootCertificates.length). */
  count?: number;
  /** Only for this part of the client's traffic (poetry: `certificates.<repo>.cert` is per repository). */
  appliesTo?: string;
  status?: SourceStatus;
  bundleId?: string;
}

export interface ToolTrust {
  kind: ToolTrustKind;
  /** Main source first; `extra` sources after it. Empty when TLS verification is off (see `reason`). */
  sources: ToolSource[];
  /** The setting that put the main source in force; absent when it is the client's default. */
  steeredBy?: { setting: string; where: SettingOrigin };
}

/** A config file the client reads (present or not): where a persistent setting can be written. */
export interface ConfigFile {
  path: string;
  scope: 'project' | 'user' | 'global' | 'system' | 'env';
  exists: boolean;
}

export interface ToolClient {
  /** Stable id ("cl-" + hash of name and real executable): the app names clients by it. */
  id: string;
  name: ToolClientName;
  /** The program; for botocore the package folder (…/site-packages/botocore). */
  executable: string;
  /** How it was found: "PATH", "CONDA_EXE", "environments.txt", "conda-prefix", "python:<pythonId>". */
  foundBy: string[];
  /** For botocore: the interpreter whose site-packages hold it. */
  pythonId?: string;
  version?: string;
  /** Why no version: the program did not answer in time, printed nothing we recognise... */
  versionError?: Message;
  trust: ToolTrust;
  /** Every trust setting read, winner or not, in the order the client applies them. */
  settings: Setting[];
  /** Config files this client reads, for the planner (`trust ROOT`) and for people. */
  configFiles: ConfigFile[];
  /** A setting turns TLS verification off (`http.sslVerify false`, `ssl_verify: false`, curl's
   * `insecure`, an empty AWS_CA_BUNDLE in old botocore): shown as what it is, never offered. */
  insecure?: boolean;
  /** Verdict of the main source (as ClientTrust.status); `broken` with `reason` when a setting
   * breaks the client (a missing file, AWS_CA_BUNDLE=""), `unknown` for an unjudged folder. */
  status?: SourceStatus;
  bundleId?: string;
  reason?: Message;
  /** The bundle the client ships with even when overridden (botocore's cacert.pem, conda's certifi). */
  bundled?: ToolSource;
}

/** The environment as a pure resolver sees it: a snapshot, never process.env itself. */
export type ClientEnv = Readonly<Record<string, string | undefined>>;
