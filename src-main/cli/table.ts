// A long table, drawn a slice of rows at a time. cli-table3 lays a table out in one go, in time that
// grows faster than the rows, and on a crowded machine's scan (thousands of bundles) that cost more
// than the scan: 12,000 rows took 26 s and a 290 MB process (measured, this machine). Here the widths
// of the whole table are measured first, each slice is drawn with those widths, and the slices are
// joined where one table draws a row separator: the text is exactly one cli-table3 table's
// (test/unit/cli/jsonOut.bounded-output.test.ts compares them). 12,000 rows in slices of 20: 2.4 s, 105 MB.
import { createRequire } from 'node:module';
import Table from 'cli-table3';

/** Rows drawn at once: small, since a slice's cost grows faster than its rows (200: 10.8 s for the
 * 12,000 rows above, 50: 4.1 s, 20: 2.4 s). */
const SLICE_ROWS = 20;
/** cli-table3's default padding: one space each side. */
const PADDING = 2;
/** cli-table3 sizes a cell with this: colour codes left out, wide (CJK) characters counted twice.
 * Its own function, so a column is exactly as wide as one table would make it. */
const { strlen } = createRequire(import.meta.url)('cli-table3/src/utils.js') as { strlen: (text: string) => number };

const style = { head: [], border: [] };

export function drawTable(head: string[], rows: string[][]): string {
  const widths = head.map((h) => strlen(h) + PADDING);
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, strlen(cell) + PADDING)));
  const parts: string[] = [];
  for (let start = 0; start === 0 || start < rows.length; start += SLICE_ROWS) {
    const table = new Table({ head: start === 0 ? head : [], colWidths: widths, style, wordWrap: true });
    table.push(...rows.slice(start, start + SLICE_ROWS));
    const lines = table.toString().split('\n');
    // A slice after the first starts at its top border, which one table would not draw; a slice before
    // the last ends at its bottom border, where one table draws the separator to the next row.
    if (start > 0) lines.shift();
    if (start + SLICE_ROWS < rows.length) {
      const c = table.options.chars;
      lines[lines.length - 1] = c['left-mid'] + widths.map((w) => c.mid.repeat(w)).join(c['mid-mid']) + c['right-mid'];
    }
    parts.push(lines.join('\n'));
  }
  return parts.join('\n');
}
