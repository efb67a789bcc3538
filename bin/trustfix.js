#!/usr/bin/env node
// The `trustfix` command. Runs the compiled CLI when `npm run build` has produced it (fast start),
// and the TypeScript sources directly otherwise (Node 24 strips types natively).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { enableCompileCache } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(`trustfix needs Node.js 24 or newer; this is ${process.version}.\n`);
  process.exit(2);
}
// V8's on-disk code cache: the second start of the CLI skips compiling its modules again.
enableCompileCache?.();
const built = fileURLToPath(new URL('../dist/src-main/cli/main.js', import.meta.url));
const source = fileURLToPath(new URL('../src-main/cli/main.ts', import.meta.url));

/** In a git checkout, a `dist/` older than any source file is stale: run the sources instead of
 * silently running yesterday's build. (An installed app has no `.git` and no sources to compare.) */
function builtIsCurrent() {
  if (!existsSync(built) || process.env.TRUSTFIX_FROM_SOURCE) return false;
  const root = fileURLToPath(new URL('../', import.meta.url));
  if (!existsSync(`${root}.git`)) return true;
  const builtAt = statSync(built).mtimeMs;
  for (const dir of ['src-main', 'assets/locales', 'assets/trust']) {
    for (const entry of readdirSync(`${root}${dir}`, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && statSync(`${entry.parentPath}/${entry.name}`).mtimeMs > builtAt) return false;
    }
  }
  return true;
}
const { runCli } = await import(pathToFileURL(builtIsCurrent() ? built : source).href);
process.exitCode = await runCli(process.argv);
