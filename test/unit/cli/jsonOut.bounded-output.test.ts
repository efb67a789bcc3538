// The scan's output is written in pieces so its memory stays bounded (issue 12): the pieces must add
// up to exactly what one JSON.stringify and one cli-table3 table produced before.
import Table from 'cli-table3';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { jsonPieces, writeJson } from '../../../src-main/cli/jsonOut.ts';
import { drawTable } from '../../../src-main/cli/table.ts';

const shared = { fingerprint: 'ab'.repeat(32), name: 'Root "X"\n\u001b[2J', notAfter: '2030-01-01T00:00:00.000Z' };
const report = {
  schema: 1,
  at: new Date('2026-11-23T00:00:00Z'),
  empty: [],
  none: {},
  skipped: undefined,
  fn: () => 1,
  reference: { origin: 'file', label: 'x', nested: { deeper: [1, [2, []], {}] } },
  bundles: [
    { id: 'b-1', path: '/a/évil\nname/cacert.pem', details: { missing: [shared, shared], extra: [] }, gone: undefined },
    { id: 'b-2', details: { missing: [], skipped: {} }, list: [undefined, () => 2, null, -0, 1e21, '\u2028'] },
    [],
  ],
  summary: { current: 0, stale: 2 },
};

describe('--json written in pieces', () => {
  it('is byte for byte JSON.stringify(value, null, 2)', () => {
    for (const value of [report, report.bundles, [], {}, 'text', 3, null, { a: [] }, [{}], { a: { b: [{ c: 1 }] } }]) {
      expect([...jsonPieces(value)].join('')).toBe(JSON.stringify(value, null, 2));
    }
  });

  it('writes through a stream that asks to wait (backpressure), ending with a newline', async () => {
    const big = {
      bundles: Array.from({ length: 1000 }, (_, i) => ({
        i,
        details: { missing: Array.from({ length: 20 }, () => shared) },
      })),
    };
    const stream = new PassThrough({ highWaterMark: 1024 });
    const chunks: Buffer[] = [];
    let waited = false;
    const writing = writeJson(stream, big).then(() => stream.end());
    // Read slowly at first, so the writer really meets a full stream and waits for 'drain'.
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      if (!waited) {
        waited = true;
        await new Promise((r) => setTimeout(r, 20));
        expect(stream.writableNeedDrain).toBe(true);
      }
    }
    await writing;
    expect(Buffer.concat(chunks).toString()).toBe(`${JSON.stringify(big, null, 2)}\n`);
  });
});

describe('a long table drawn in slices', () => {
  const head = ['状态', 'certificates', 'path'];
  const row = (i: number): string[] => [
    i % 3 ? '\u001b[33mstale\u001b[39m' : '当前',
    String(i * 7),
    `/srv/env-${i}/${'x'.repeat(i % 40)}/cacert.pem`,
  ];
  const oneTable = (rows: string[][]): string => {
    const table = new Table({ head, style: { head: [], border: [] }, wordWrap: true });
    table.push(...rows);
    return table.toString();
  };

  it('is exactly one cli-table3 table, for any number of rows', () => {
    for (const n of [0, 1, 19, 20, 21, 450]) {
      const rows = Array.from({ length: n }, (_, i) => row(i));
      expect(drawTable(head, rows), `${n} rows`).toBe(oneTable(rows));
    }
  });
});
