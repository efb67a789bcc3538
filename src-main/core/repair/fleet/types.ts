export type Engine = 'ansible' | 'intune' | 'mdm' | 'powershell';
export interface FleetRoot {
  name: string;
  sha256: string;
  pem: string;
  fileName: string; /* e.g. trustfix-<first 16 hex of sha256>.crt */
}
/** One client's portable setting on the target machines, derived from the trust plan's row for it. */
export interface FleetSetting {
  client: string; // 'pip' | 'requests' | 'urllib' | 'curl' | 'git' | 'node' | 'npm' | 'uv' | 'conda' | 'poetry' | 'aws' ...
  kind: 'os-store' | 'env' | 'ini' | 'git-config' | 'toml' | 'yaml';
  /** env: variable name; ini/toml/yaml: 'section.key' or 'key'; git-config: 'http.sslCAInfo' etc. */
  key?: string;
  /** the value: 'system-bundle' (the OS's generated bundle after the anchor is in), 'root-file' (the installed root's own file), or a literal like 'true' / 'truststore' */
  value?: 'system-bundle' | 'root-file' | string;
  /** per-OS file the setting lives in, relative to the user's home (`~/...`) or absolute; absent for env and os-store */
  file?: string;
  why: string; // a Message code, e.g. 'fleet:why.pipCert'
}
export interface FleetPlan {
  root: FleetRoot;
  os: 'linux' | 'windows' | 'darwin';
  settings: FleetSetting[];
  trustfixVersion: string;
  generatedAt: string;
}
export interface Artifact {
  path: string /* relative to --out */;
  content: string;
  mode?: number;
}
export type Generator = (plan: FleetPlan) => Artifact[];
