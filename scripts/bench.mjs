// `npm run bench`: every benchmark in scripts/bench/, in name order, each printing its own figures.
// Not a timed test: numbers to compare between changes. `npm run bench -- NAME` runs the ones whose
// file name contains NAME.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const filter = process.argv[2];
const dir = new URL('./bench/', import.meta.url);
for (const file of readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort()) {
  if (filter && !file.includes(filter)) continue;
  process.stdout.write(`\n### ${file}\n`);
  spawnSync(process.execPath, [new URL(file, dir).pathname], { stdio: 'inherit' });
}
