#!/usr/bin/env node
// The `trustfix` command. Runs the compiled CLI when `npm run build` has produced it (fast start),
// and the TypeScript sources directly otherwise, on a Node that strips types (24; 22.18+).
// The floor is Node 22.15 (the LTS line Wine can start, for the Windows lane; 22.15 added
// tls.getCACertificates('system'), which the OS-store read uses).
// Only imports every Node since 12 has, by name: a named import Node 20 lacks (enableCompileCache)
// fails at link time with a raw SyntaxError, before any check below could run.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MIN_NODE = '22.15';
// EXIT_FAILURE of src-main/cli/exitCodes.ts: this file runs before (and on Nodes that cannot load) that module.
const EXIT_FAILURE = 2;

/** One sentence in the user's language, from the same tables as everything else (en, zh-CN), to
 * stderr, then exit EXIT_FAILURE. Plain string replacement: this runs before (and without) i18next. */
function refuse(key, english, params) {
  const env = process.env;
  const tag = env.TRUSTFIX_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  const lang = /^zh/i.test(tag) ? 'zh-CN' : 'en';
  let sentence = english;
  try {
    const table = JSON.parse(readFileSync(new URL(`../assets/locales/${lang}/common.json`, import.meta.url), 'utf8'));
    sentence = Object.entries(params).reduce(
      (text, [name, value]) => text.split(`{{${name}}}`).join(value),
      table[key],
    );
  } catch {
    // The English sentence stands when the tables cannot be read.
  }
  process.stderr.write(`${sentence}\n`);
  process.exit(EXIT_FAILURE);
}

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const [minMajor = 0, minMinor = 0] = MIN_NODE.split('.').map(Number);
if (major < minMajor || (major === minMajor && minor < minMinor)) {
  refuse('cli.nodeTooOld', `TrustFix needs Node.js ${MIN_NODE} or newer; this is ${process.version}.`, {
    min: MIN_NODE,
    version: process.version,
  });
}
// V8's on-disk code cache: the second start of the CLI skips compiling its modules again.
nodeModule.enableCompileCache?.();
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
const useBuilt = builtIsCurrent();
// Node 22.15-22.17 cannot strip types: without a current build there is nothing it can run.
if (!useBuilt && !process.features.typescript) {
  refuse(
    'cli.needsBuild',
    `This Node.js (${process.version}) cannot run TrustFix's TypeScript sources: run \`npm run build\` first.`,
    { version: process.version },
  );
}
const { runCli } = await import(pathToFileURL(useBuilt ? built : source).href);
process.exitCode = await runCli(process.argv);
