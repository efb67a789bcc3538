/**
 * A trust plan made portable: what IT's fleet tools (Ansible, Intune, an MDM, PowerShell) apply on
 * many machines, derived from the plan `trustfix trust ROOT` would apply on this one.
 */
export type Engine = 'ansible' | 'intune' | 'mdm' | 'powershell';

export interface FleetRoot {
  name: string;
  sha256: string;
  pem: string;
  /** e.g. trustfix-<first 16 hex of sha256>.crt */
  fileName: string;
}

/** One client's portable setting on the target machines, derived from the trust plan's row for it. */
export interface FleetSetting {
  /** 'pip' | 'requests' | 'urllib' | 'curl' | 'git' | 'node' | 'npm' | 'uv' | 'conda' | 'poetry' | 'aws' ... */
  client: string;
  kind: 'os-store' | 'env' | 'ini' | 'git-config' | 'toml' | 'yaml';
  /** env: variable name; ini/toml/yaml: 'section.key' or 'key'; git-config: 'http.sslCAInfo' etc. */
  key?: string;
  /**
   * 'system-bundle' (the OS's generated bundle after the anchor is in), 'root-file' (the installed
   * root's own file), or a literal like 'true' / 'truststore'.
   */
  value?: 'system-bundle' | 'root-file' | string;
  /** Per-OS file the setting lives in, relative to the user's home (`~/...`) or absolute; absent for env and os-store. */
  file?: string;
  /** A Message code (translated in docs/CLI output), e.g. 'fleet:why.pipCert'. */
  why: string;
}

export interface FleetPlan {
  root: FleetRoot;
  os: 'linux' | 'windows' | 'darwin';
  settings: FleetSetting[];
  trustfixVersion: string;
  generatedAt: string;
}

export interface Artifact {
  /** Relative to --out. */
  path: string;
  content: string;
  mode?: number;
}

export type Generator = (plan: FleetPlan) => Artifact[];
