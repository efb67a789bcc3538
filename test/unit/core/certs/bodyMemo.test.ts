// The reader remembers what a certificate block's text came to (bodyMemo.ts) and looks it up by a
// hash of a few sampled bytes. Texts made alike where the hash samples them (the middle and the end)
// must still be told apart by the full comparison, and a flood of such texts stays bounded.
import { describe, expect, it } from 'vitest';
import { BodyMemo } from '../../../../src-main/core/certs/bodyMemo.ts';

/** A text of `length` bytes, all 'A' but one byte near the start (outside what the hash samples). */
function text(length: number, mark: number): Buffer {
  const b = Buffer.alloc(length, 'A');
  b.writeUInt16BE(mark, 4);
  return b;
}

describe('the memo of block texts', () => {
  it('answers only for the very same text, however alike the sampled bytes are', () => {
    const memo = new BodyMemo();
    const a = text(1800, 1);
    const b = text(1800, 2);
    memo.set(a, 0, a.length, { fingerprint: 'a' });
    expect(memo.get(a, 0, a.length)).toEqual({ fingerprint: 'a' });
    expect(memo.get(b, 0, b.length)).toBeUndefined();
    // The same text at another place of another file.
    const placed = Buffer.concat([Buffer.from('# header\n'), a, Buffer.from('\n')]);
    expect(memo.get(placed, 9, 9 + a.length)).toEqual({ fingerprint: 'a' });
    // A shorter or longer stretch is another text.
    expect(memo.get(placed, 9, 9 + a.length - 1)).toBeUndefined();
  });

  it('keeps a few texts per sampled hash, and answers right for each', () => {
    const memo = new BodyMemo();
    const texts = Array.from({ length: 10 }, (_, i) => text(1800, i));
    texts.forEach((t, i) => memo.set(t, 0, t.length, { fingerprint: String(i) }));
    // The first four are remembered; the rest are not (a lookup compares at most four texts in full).
    expect(texts.map((t) => memo.get(t, 0, t.length))).toEqual([
      { fingerprint: '0' },
      { fingerprint: '1' },
      { fingerprint: '2' },
      { fingerprint: '3' },
      ...Array.from({ length: 6 }, () => undefined),
    ]);
  });
});
