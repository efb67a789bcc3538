// The JSON object assets/probe/probe.py prints, as TypeScript sees it. Everything past `probe`
// and `executable` is optional: a stripped-down interpreter (no ssl, no pip) still answers.
export interface ProbeVerifyPaths {
  cafile: string | null;
  capath: string | null;
  opensslCafileEnv: string;
  opensslCafile: string | null;
  opensslCapathEnv: string;
  opensslCapath: string | null;
}

export interface ProbePipConfigFile {
  kind: 'global' | 'user' | 'site' | 'env';
  path: string;
  exists: boolean;
  /** "global.cert", "install.cert", "global.use-feature", ... as pip's config files spell them. */
  values?: Record<string, string>;
  error?: string;
}

export interface RawProbe {
  probe: number;
  executable: string;
  version: string;
  implementation: string;
  platform: string;
  prefix: string;
  basePrefix: string;
  isVenv: boolean;
  openssl?: string;
  hasSni?: boolean;
  verifyPaths?: ProbeVerifyPaths;
  hasWindowsStores?: boolean;
  /** The extra bundle TrustFix's trustfix-urllib-ca.pth gives this interpreter's urllib, when active. */
  trustfixUrllibCa?: string;
  /** The module of ssl.SSLContext at start-up: "truststore._api" once truststore is injected (a .pth). */
  sslContextModule?: string | null;
  hasDefaultContext?: boolean;
  sslError?: string;
  sitePackages: string[];
  userSite?: string | null;
  certifi: null | { version?: string | null; where?: string; module?: string; error?: string };
  requests: null | { module: string; version?: string | null; where?: string; imported?: boolean; error?: string };
  pip: null | {
    module: string;
    version?: string | null;
    certifiWhere?: string | null;
    certifiWhereFrom?: 'default' | 'patched' | 'requests' | 'debundled';
    certifiVersion?: string | null;
    vendoredTruststore?: boolean;
  };
  truststore: null | { module: string; version?: string | null };
  pipSystemCerts: null | { module: string; version?: string | null; active: boolean };
  env: Record<string, string>;
  pipConfigSkipped?: boolean;
  pipConfig: ProbePipConfigFile[];
  warnings: string[];
}

export const PROBE_VERSION = 1;

/** Is this parsed JSON a probe's answer? Checks what later code relies on, nothing more. */
export function isRawProbe(value: unknown): value is RawProbe {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    v.probe === PROBE_VERSION &&
    typeof v.executable === 'string' &&
    typeof v.version === 'string' &&
    typeof v.prefix === 'string' &&
    Array.isArray(v.sitePackages) &&
    Array.isArray(v.pipConfig) &&
    typeof v.env === 'object' &&
    v.env !== null
  );
}
