#!/usr/bin/env node
// The `trustfix` command. Runs the compiled CLI when `npm run build` has produced it (fast start),
// and the TypeScript sources directly otherwise (Node 24 strips types natively).
// Only imports every Node since 12 has, by name: a named import Node 20 lacks (enableCompileCache)
// fails at link time with a raw SyntaxError, before any check below could run.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MIN_NODE = 24;
if (Number(process.versions.node.split('.')[0]) < MIN_NODE) {
  // One sentence in the user's language, from the same tables as everything else (en, zh-CN).
  const env = process.env;
  const tag = env.TRUSTFIX_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  const lang = /^zh/i.test(tag) ? 'zh-CN' : 'en';
  let sentence = `TrustFix needs Node.js ${MIN_NODE} or newer; this is ${process.version}.`;
  try {
    const table = JSON.parse(readFileSync(new URL(`../assets/locales/${lang}/common.json`, import.meta.url), 'utf8'));
    sentence = table['cli.nodeTooOld'].split('{{min}}').join(String(MIN_NODE)).split('{{version}}').join(process.version);
  } catch {
    // The English sentence above stands when the tables cannot be read.
  }
  process.stderr.write(`${sentence}\n`);
  process.exit(2);
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
const { runCli } = await import(pathToFileURL(builtIsCurrent() ? built : source).href);
process.exitCode = await runCli(process.argv);
