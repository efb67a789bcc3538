// TrustFix's version, from package.json: beside the sources (../../) or the build (../../../).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let version: string | undefined;

export function trustfixVersion(): string {
  if (version) return version;
  for (const up of ['../../package.json', '../../../package.json']) {
    const file = fileURLToPath(new URL(up, import.meta.url));
    if (!existsSync(file)) continue;
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
    if (parsed.name === 'trustfix' && typeof parsed.version === 'string') return (version = parsed.version);
  }
  return (version = '0.0.0');
}
