// `npm run bench`: every benchmark in scripts/bench/, in name order, each printing its own figures,
// then every goal row again as one table (scripts/lib/row.mjs): each beside its anchor measured in
// the same run, the ratio, peak memory and the aim. Not a timed test: numbers to compare between
// changes. `npm run bench -- NAME` runs the ones whose file name contains NAME.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { summaryTable } from './lib/row.mjs';

const filter = process.argv[2];
const dir = new URL('./bench/', import.meta.url);
const work = mkdtempSync(join(tmpdir(), 'trustfix-bench-rows-'));
const rowsFile = join(work, 'rows.jsonl');
console.log(
  `machine: ${availableParallelism()} cores, Node ${process.version}, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.mjs'))
  .sort()) {
  if (filter && !file.includes(filter)) continue;
  process.stdout.write(`\n### ${file}\n`);
  spawnSync(process.execPath, [new URL(file, dir).pathname], {
    stdio: 'inherit',
    env: { ...process.env, TRUSTFIX_BENCH_ROWS: rowsFile },
  });
}
if (existsSync(rowsFile)) {
  const rows = readFileSync(rowsFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  console.log(
    `\n### goals (load average now ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')})\n`,
  );
  console.log(summaryTable(rows));
}
rmSync(work, { recursive: true, force: true });
