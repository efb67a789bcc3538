#!/usr/bin/env node
// The `trustfix` command. Runs the compiled CLI when `npm run build` has produced it (fast start),
// and the TypeScript sources directly otherwise (Node 24 strips types natively).
import { existsSync } from 'node:fs';
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
const { runCli } = await import(pathToFileURL(existsSync(built) && !process.env.TRUSTFIX_FROM_SOURCE ? built : source).href);
process.exitCode = await runCli(process.argv);
