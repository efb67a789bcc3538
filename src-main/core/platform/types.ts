// The contract every OS backend meets (one file per OS, chosen once by process.platform), after
// mkcert's truststore_*.go and truststore's _api.py. Later issues add store writes, persistent
// environment variables and elevation here; each backend states the exact commands it runs so tests
// can check them as argument arrays without running them.

export type PlatformId = 'linux' | 'darwin' | 'win32';

/** A command exactly as it would run: no shell, arguments as an array, optional data on stdin. */
export interface CommandSpec {
  file: string;
  args: string[];
  input?: string;
}

export interface SystemRoots {
  /** Where the roots came from, for people: a file path or a store name. */
  source: string;
  ders: Buffer[];
}

export interface Platform {
  readonly id: PlatformId;
  /** The OS root store, as certificates; never parses localized tool prose. */
  readSystemRoots(signal?: AbortSignal): Promise<SystemRoots>;
}
