// The contract every OS backend meets (one file per OS, chosen once by process.platform), after
// mkcert's truststore_*.go and truststore's _api.py. Later issues add store writes, persistent
// environment variables and elevation here; each backend states the exact commands it runs so tests
// can check them as argument arrays without running them.

import type { Message } from '../messages.ts';
import type { AcceleratorAnswer } from './fileIndex.ts';
import type { Launch } from './launch.ts';
import type { MountPolicy, WalkPlan } from './mounts.ts';

export type PlatformId = 'linux' | 'darwin' | 'win32';

/** A command exactly as it would run: no shell, arguments as an array, optional data on stdin. */
export interface CommandSpec {
  file: string;
  args: string[];
  input?: string;
}

export interface SystemRoots {
  /** Why the list may be incomplete (macOS: the keychain read ran out of its time budget). */
  problem?: Message;
  /** Where the roots came from, for people: a file path or a store name. */
  source: string;
  /** DER certificates, or PEM chunks (Node's native read gives PEM); the reader parses either. */
  ders: Buffer[];
  /** Where each certificate sits, where the OS has several stores that mean different things
   * (Windows: Root or CA, the machine's or the user's, put there by group policy or the enterprise);
   * a certificate in several stores is listed once per store. Absent where the OS has one store. */
  origins?: PlacedCert[];
}

/** Where a Windows certificate sits: the logical store's location as PowerShell's Cert: drive shows
 * it (LocalMachine, CurrentUser), or the policy store it came from (read from the registry). */
export type StoreLocation = 'LocalMachine' | 'CurrentUser' | 'MachineGroupPolicy' | 'UserGroupPolicy' | 'Enterprise';

export interface StoreOrigin {
  location: StoreLocation;
  /** Root: trusted roots; CA: intermediates (Python's ssl loads both as anchors on Windows). */
  store: 'Root' | 'CA';
}

export interface PlacedCert {
  der: Buffer;
  origin: StoreOrigin;
}

/** How a read-back command prints one value: `line` its whole output less the final newline
 * (launchctl getenv, printenv), `base64` the value's UTF-8 bytes as base64 (PowerShell: immune to the
 * console code page, which would garble a non-ASCII path), `reg` the data of the one value
 * `reg query KEY /v NAME` prints (Windows: read by reg.exe, another route than the PowerShell call
 * that wrote it). Decoded by platform/readBack.ts. */
export type ValueDecode = 'line' | 'base64' | 'reg';

/** A command that prints one setting's current value (nothing or an empty value when it is unset). */
export interface ValueRead {
  run: CommandSpec;
  decode: ValueDecode;
}

/**
 * A read-back after a change (safety rule 3, docs/safety-rules.md), run by repair/actionChecks.ts once every change is in
 * place: a command whose output must contain `expect`, a command whose decoded value must equal it,
 * or a file (a generated bundle) that must hold a certificate.
 */
export type ReadBack =
  | { kind: 'command-output'; run: CommandSpec; expect: string; env?: Record<string, string> }
  | {
      kind: 'command-value';
      run: CommandSpec;
      decode: ValueDecode;
      expect: string;
      env?: Record<string, string>;
      variable?: string;
    }
  | { kind: 'file-has-certificate'; path: string; fingerprint: string }
  /** A store refreshed from a list the vendor's tool wrote (Windows Update's roots.sst): the file must
   * be a serialized store with certificates (platform/winSst.ts), and `list`, which prints the store's
   * thumbprints (SHA-1, one a line), must show every one of them. */
  | { kind: 'serialized-store-imported'; file: string; list: CommandSpec; store: string };

/** Refreshing the OS store from the vendor: the commands, the store they change, and its read-back. */
export interface StoreRefreshSpec {
  run: CommandSpec[];
  store: string;
  readBack: ReadBack;
}

/** Adding one root to the OS store: a file to place first (Linux's anchor folder), then commands. */
export interface StoreAddSpec {
  /** Linux: the anchor file TrustFix writes (and removes on undo). */
  anchorFile?: string;
  run: CommandSpec[];
  undo: CommandSpec[];
  /** The store the commands change, for people. */
  store: string;
  /** After the commands: the store read back, where the root must now be found. */
  readBack: ReadBack;
}

/**
 * How this OS lets TrustFix replace a file without following a link (safety rule 6). The code that
 * writes (core/repair/safeFile.ts) is the same everywhere; only these facts differ.
 */
export interface FileSafety {
  /** open() flag that refuses a link as the last part of a path; 0 where the OS has none (Windows:
   * there an lstat/fstat comparison of file ids catches a reparse point instead). */
  noFollow: number;
  /** A file may stay open while another file is renamed over its name (POSIX). Windows refuses that
   * rename while a handle is open, so the old file is closed first and checked by lstat just before. */
  renameOverOpen: boolean;
  /** Errors a rename or remove gives for a moment and that are tried again (Windows: an antivirus
   * scanner or an indexer holding the file); none elsewhere, where EACCES is final. */
  retryErrors: readonly string[];
  /** A path that names an open folder itself, not whatever its path leads to now (Linux's
   * /proc/self/fd/N), so a folder swapped for a link after the check is never written into. */
  folderByFd: ((fd: number) => string) | null;
}

/** A bundle a distribution's trust tool rebuilds from its anchor folders (safety rule 7: never edited
 * in place; its next refresh would erase the change). */
export interface GeneratedBundle {
  /** The distribution family whose tool writes it ("debian", "fedora", ...). */
  family: string;
  /** The command that rebuilds it, as people would type it. */
  refreshedBy: string;
  /** Where roots go instead (the anchor folder). */
  anchorDir: string;
}

/** The package a file belongs to, as the package manager says (dpkg -S, rpm -qf). */
export interface PackageOwner {
  manager: 'dpkg' | 'rpm';
  package: string;
}

/** An environment snapshot (never process.env itself in a pure function). */
export type EnvLike = Readonly<Record<string, string | undefined>>;

/**
 * Where non-Python HTTPS clients keep programs and settings on this OS (platform/clientPlaces.ts):
 * pure, so core/clients never asks which OS it runs on and tests ask Windows' answers on Linux.
 */
export interface ClientPlaces {
  /** PATH's folders, in order. */
  pathDirs(env: EnvLike): string[];
  /** What separates folders in PATH-like lists (SSL_CERT_DIR): ":" or ";". */
  readonly listSeparator: string;
  /** The file names a program may have in a PATH folder, in the order the shell tries them. */
  programNames(name: string): string[];
  /** Paths spelled the way this OS spells them. */
  join(...parts: string[]): string;
  dirname(path: string): string;
  /** curl's default config files in the order curl looks; it reads the first that exists. */
  curlrcFiles(env: EnvLike, home: string, curlExe: string): string[];
  /** Bundles curl looks for by name when no variable names one (Windows' curl-ca-bundle.crt). */
  curlBundleSearch(env: EnvLike, curlExe: string): string[];
  /** Backends `http.sslBackend` can choose; empty where libcurl has one backend. */
  readonly gitBackends: readonly string[];
  /** The CA bundle a Git install ships with (Git for Windows), else null. */
  gitBundledCa(gitExe: string): string | null;
  /** How to run npm found at `npmPath` without a shell (Windows' npm.cmd cannot be spawned as is). */
  npmCommand(npmPath: string, nodePath: string): CommandSpec;
  npmUserRc(env: EnvLike, home: string): string;
  npmGlobalRc(env: EnvLike, home: string, nodeExe: string): string;
  uvConfigFiles(env: EnvLike, home: string): { user: string; system: string[] };
  /** conda's .condarc search path; later files win. */
  condarcFiles(env: EnvLike, home: string, condaRoot?: string): string[];
  poetryConfigDir(env: EnvLike, home: string): string;
  awsConfigFile(env: EnvLike, home: string): string;
  /** Where site-packages sits under an install prefix; `versioned`: a python3.X folder in between. */
  sitePackagesParent(prefix: string): { dir: string; versioned: boolean };
  /** The environment a console script belongs to when its folder says so (Windows' Scripts\). */
  scriptPrefix(exe: string): string | null;
}

/**
 * Where interpreters are installed on this OS (platform/pythonPlaces.ts): pure, so pythons/locations.ts
 * never asks which OS it runs on and tests ask Windows' answers on Linux.
 */
export interface PythonPlaces {
  /** Interpreters are python.exe (and must end in .exe); a prefix keeps Scripts\ rather than bin/. */
  readonly windowsNames: boolean;
  /** Where a prefix (conda env, venv, install folder) keeps its interpreter, in the order tried. */
  readonly interpreterInPrefix: readonly string[];
  /** A PATH entry that looks like Python and is not (the Microsoft Store's alias that opens the Store). */
  isStoreAlias(path: string): boolean;
  /** pyenv's (or pyenv-win's) root, and the name its versions are found by. */
  pyenv(env: EnvLike, home: string): { root: string; foundBy: string };
  uvPythonDir(env: EnvLike, home: string): string;
  /** conda, Miniforge, Mambaforge and micromamba base installs in their usual folders. */
  condaBaseDirs(env: EnvLike, home: string): string[];
  /** conda's program names and the folder of a prefix they sit in. */
  readonly condaPrograms: { names: readonly string[]; binDir: string };
  /** Homebrew's and /usr/local's prefixes (bin/ and opt/python@X/bin/ under each). */
  readonly unixPrefixes: readonly string[];
  /** python.org's Python.framework parents (macOS). */
  frameworkRoots(home: string): string[];
  /** The distribution's own interpreter folders (Linux). */
  readonly systemBinDirs: readonly string[];
  /** The Microsoft Store's package folder (Windows), else null. */
  storePackagesDir(env: EnvLike, home: string): string | null;
  /** Folders holding python.org's PythonXY installs (Windows). */
  installParents(env: EnvLike, home: string): string[];
  /** Where poetry keeps its virtualenvs when POETRY_VIRTUALENVS_PATH does not say. */
  poetryVenvDir(env: EnvLike, home: string): string;
  /** Interpreters are also listed by the py launcher and PEP 514's registry keys (Windows). */
  readonly launcherAndRegistry: boolean;
}

/** A settings file of a tool that may name a CA file (pip's cert, git's http.sslCAInfo, ...). */
export interface ToolConfigFile {
  kind: 'pip' | 'npmrc' | 'gitconfig' | 'condarc' | 'aws';
  file: string;
}

/** Where tools keep settings on this OS (platform/configPlaces.ts). */
export interface ConfigPlaces {
  /** The OS's system-wide and per-user settings files, in the tools' documented order; the files
   * every OS shares (~/.gitconfig, PIP_CONFIG_FILE, ...) are added by the caller. */
  toolConfigFiles(env: EnvLike, home: string): ToolConfigFile[];
  /** pip's per-user configuration file (what `pip config --user` edits). */
  userPipConfig(env: EnvLike, home: string): string;
}

/** How the OS prompt's one command line quotes an argument (platform/elevationQuoting.ts). */
export interface ElevationQuoting {
  /** The argument quoted for that command line, or null where quoting cannot make it safe. */
  quote(arg: string): string | null;
}

export interface StoreAllowlist {
  anchorDirs: readonly string[];
  certCommands: boolean;
  refreshes(workDir: string): CommandSpec[];
}

export interface Platform {
  readonly id: PlatformId;
  readonly files: FileSafety;
  /**
   * Does truststore (pip's, or the one TrustFix's use-os-store starts) get around Python 3.13's
   * VERIFY_X509_STRICT here? Only where the OS's own verifier decides instead of OpenSSL: then it may
   * accept a chain the strict rule refuses. Where truststore verifies with OpenSSL and the context's
   * flags, it fails the same way, and is not offered for a strict failure. See docs/strict-rule.md.
   */
  readonly truststoreRelaxesStrict: boolean;
  /** truststore (and so pip's and TrustFix's use-os-store) asks the OS's own store here; elsewhere it
   * loads OpenSSL's default paths, which SSL_CERT_FILE and SSL_CERT_DIR move. */
  readonly truststoreReadsOsStore: boolean;
  /** Python's ssl.load_default_certs() also loads the OS's CA and ROOT stores (Windows). */
  readonly sslLoadsOsStores: boolean;
  /** The OS installs public roots only when its own verifier first needs one (Windows' Automatic Root
   * Certificates Update): a public root can be missing from the store that Python's ssl enumerates
   * while the browser, which asks the OS, works. Absent: no (an optional fact, so backends that do
   * not have it need not say so). */
  readonly rootsOnDemand?: boolean;
  /** Where curl, git, node/npm, uv, conda, poetry and the AWS CLI keep programs and settings. */
  readonly clients: ClientPlaces;
  /** Where interpreters are installed. */
  readonly pythons: PythonPlaces;
  /** Where pip, git, npm and conda keep their settings. */
  readonly configs: ConfigPlaces;
  /** The elevation method: the OS prompt (UAC, pkexec, osascript) runs one quoted command line. */
  readonly elevation: ElevationQuoting;
  /** The OS root store, as certificates; never parses localized tool prose. The one place the store
   * is read (trust/osStore.ts only asks). */
  readSystemRoots(signal?: AbortSignal): Promise<SystemRoots>;
  /** Exact commands that add one root (a PEM file at pemPath) and take it back. Never deletes others. */
  storeAdd(pemPath: string, cert: { sha1: string; sha256: string }): StoreAddSpec | null;
  /** What a plan to add that root says beside the commands, found by asking the OS (macOS: the admin
   * password, and the MDM route on a managed Mac); absent where there is nothing to add. */
  storeAddNotes?(cert: { sha1: string; sha256: string }, signal?: AbortSignal): Promise<Message[]>;
  /** Refresh the store from the vendor (Windows Update); null where the OS has no such step. */
  storeRefresh(workDir: string): StoreRefreshSpec | null;
  /** What the elevated side allows for the OS store, rebuilt there and never taken from a record:
   * the folders a root file may be placed in (Linux's anchor folders), whether commands built for one
   * certificate (certutil, security) may run, and the refreshes that take no input at all. */
  storeAllowlist: StoreAllowlist;
  /** Whether changing the OS store needs an elevated process (Linux: not when TrustFix runs as root). */
  storeNeedsElevation(): boolean;
  /** Whether file names match without regard to case (NTFS and APFS by default; Linux file systems not). */
  readonly caseInsensitivePaths: boolean;
  /** Persist a per-user environment variable (null removes it); null where a profile file does it. */
  setUserEnv(name: string, value: string | null): CommandSpec | null;
  /** Reads that variable back from where setUserEnv put it; null where a profile file does it.
   * `expect`: the value the read-back after a change compares with (Windows picks the route that
   * can show it: reg.exe for an ASCII value; without it, the exact bytes for an undo). */
  readUserEnv(name: string, expect?: string): ValueRead | null;
  /** Where setUserEnv keeps these variables, for people ("HKCU\\Environment\\SSL_CERT_FILE"); null
   * where a profile file does it. */
  userEnvWhere(names: string): string | null;
  /** The login-shell profile that new terminals read, where TrustFix adds one sourcing line. */
  loginProfile(home: string): string | null;
  /** The distribution's generated bundle this real path is, if it is one. */
  generatedBundle(realPath: string): GeneratedBundle | null;
  /** The system package that installed this file, when the system has a package database. */
  packageOwner(path: string): Promise<PackageOwner | null>;
  /** A fresh shell with an empty environment sources TrustFix's env file and prints the variable;
   * null where no profile is used. */
  readEnvFile(envFile: string, name: string): ValueRead | null;
  /** What the whole-disk walk starts from and leaves out (platform/mounts.ts). */
  walkPlan(policy: MountPolicy, signal?: AbortSignal): Promise<WalkPlan>;
  /** Asks the file index the OS keeps (locate, Spotlight, Everything) for these names; undefined
   * where there is none to ask (platform/fileIndex.ts). */
  askIndex(names: readonly string[], signal?: AbortSignal): Promise<AcceleratorAnswer | undefined>;
  /** How a program found on disk (a client, its shim) is started without a shell: as it is, or on
   * Windows a .cmd/.bat through cmd.exe with a quoted command line, refused where quotes cannot make
   * it literal (platform/launch.ts). `env`: the child's environment (where cmd.exe is). */
  launch(spec: CommandSpec, env: EnvLike): Launch;
  /** Opens a web address in the user's default browser (`trustfix ui`): the OS's opener, found on
   * PATH, with the address as its only argument. */
  openUrl(url: string): CommandSpec;
}
