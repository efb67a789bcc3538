// One per-user folder for TrustFix's state (journal, backups, merged bundle, probe cache), shared by
// the CLI and the app: the app sets Electron's userData to this same folder.
import envPaths from 'env-paths';

export function defaultDataDir(): string {
  return process.env.TRUSTFIX_DATA_DIR ?? envPaths('TrustFix', { suffix: '' }).data;
}

export function resolveDataDir(explicit?: string): string {
  return explicit ?? defaultDataDir();
}
