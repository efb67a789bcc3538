// One result row of `npm run bench`: what was measured, beside its anchor measured in the same run
// (so background load hits both alike), the ratio, the peak memory and the goal. Each benchmark
// prints its rows as it goes; scripts/bench.mjs collects them (TRUSTFIX_BENCH_ROWS names a file of
// JSON lines) and prints them all again as one table at the end, the figures docs/performance.md quotes.
import { appendFileSync } from 'node:fs';

/**
 * @typedef {{ label: string, ms: number, peakMb?: number }} Measure
 * @typedef {{ ratio?: number, ms?: number }} Aim  ratio: ours / anchor at most this; ms: ours under this
 * @typedef {{ goal: string, ours: Measure, anchor?: Measure, aim: Aim, note?: string }} Row
 */

const mb = (x) => (x === undefined || Number.isNaN(x) ? '-' : `${x.toFixed(0)} MB`);

/** Whether the row meets its aim (every aim it names). */
export function met(row) {
  const ratio = row.anchor ? row.ours.ms / row.anchor.ms : undefined;
  if (row.aim.ratio !== undefined && !(ratio !== undefined && ratio <= row.aim.ratio)) return false;
  if (row.aim.ms !== undefined && !(row.ours.ms < row.aim.ms)) return false;
  return true;
}

export function aimText(aim) {
  return [
    aim.ratio !== undefined ? `ratio <= ${aim.ratio.toFixed(2)}` : '',
    aim.ms !== undefined ? `< ${aim.ms} ms` : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** The row as one line a person reads. */
export function rowText(row) {
  const ours = `${row.ours.label}: ${row.ours.ms.toFixed(0)} ms, peak ${mb(row.ours.peakMb)}`;
  const anchor = row.anchor
    ? `; anchor ${row.anchor.label}: ${row.anchor.ms.toFixed(0)} ms, peak ${mb(row.anchor.peakMb)}; ratio ${(row.ours.ms / row.anchor.ms).toFixed(2)}`
    : '';
  return `[${row.goal}] ${ours}${anchor} (aim ${aimText(row.aim)}: ${met(row) ? 'met' : 'NOT met'})${row.note ? ` ${row.note}` : ''}`;
}

/** Prints the row now and hands it to the summary. */
export function reportRow(row) {
  console.log(rowText(row));
  const file = process.env.TRUSTFIX_BENCH_ROWS;
  if (file) appendFileSync(file, `${JSON.stringify(row)}\n`);
}

/** The summary table (markdown, so docs/performance.md can take it as it is). */
export function summaryTable(rows) {
  const lines = [
    '| goal | TrustFix | peak | anchor | anchor peak | ratio | aim | met |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const ratio = r.anchor ? (r.ours.ms / r.anchor.ms).toFixed(2) : '-';
    const anchor = r.anchor ? `${r.anchor.label}: ${r.anchor.ms.toFixed(0)} ms` : '-';
    lines.push(
      `| ${r.goal} | ${r.ours.label}: ${r.ours.ms.toFixed(0)} ms | ${mb(r.ours.peakMb)} | ${anchor} | ${r.anchor ? mb(r.anchor.peakMb) : '-'} | ${ratio} | ${aimText(r.aim)} | ${met(r) ? 'yes' : '**no**'} |`,
    );
  }
  return lines.join('\n');
}
