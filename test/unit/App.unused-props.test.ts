// A component takes only the props it reads: a prop renamed to `_x` and dropped is one every caller
// passes for nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, '../../src-renderer');

describe('renderer components', () => {
  it('destructure no prop only to ignore it', () => {
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter(
      (e) => e.isFile() && e.name.endsWith('.tsx'),
    );
    expect(files.length).toBeGreaterThan(10);
    const ignored = files.flatMap((e) => {
      const text = readFileSync(join(e.parentPath, e.name), 'utf8');
      // `function Screen({ view: _view, ... }: Props)`: a parameter's prop bound to an underscore name.
      return [...text.matchAll(/function \w+\(\{[^)]*\b(\w+): _\w+/g)].map((m) => `${e.name}: ${m[1]}`);
    });
    expect(ignored).toEqual([]);
  });
});
