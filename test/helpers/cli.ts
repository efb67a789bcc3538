// Runs the real `trustfix` CLI from source in a child process (what a user runs, minus the build).
import { execa, type Options } from 'execa';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../src-main/cli/main.ts', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/bundles/', import.meta.url));
/** A judgement that is the same on every machine and day: certifi 2026.05.20 as the reference,
 * 2026-11-23 as the moment, Debian 12's bundle as the OS store. */
export const FIXED_JUDGEMENT = [
  '--reference',
  `${FIXTURES}certifi-2026.05.20.pem`,
  '--at',
  '2026-11-23',
  '--system-store',
  `${FIXTURES}debian12-ca-certificates.crt`,
];

export async function trustfix(
  args: string[],
  options: Options = {},
): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const result = await execa(process.execPath, [CLI, ...args], { reject: false, timeout: 120_000, ...options });
  return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode ?? -1 };
}

/** The `trustfix` launcher: it runs the compiled CLI when `npm run build` made a current one (as in
 * `npm test`, which builds first), else the sources. For tests that start the CLI hundreds of times. */
export const BIN = fileURLToPath(new URL('../../bin/trustfix.js', import.meta.url));
