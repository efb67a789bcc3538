// The walk over a generated tree: exact findings, loops cut, links followed once, venvs reported,
// unreadable folders counted (as an unprivileged user), progress events, and prompt cancellation.
import { rmSync } from 'node:fs';
import { relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walk, type WalkProgress } from '../../../../../src-main/core/bundles/discover/walk.ts';
import { makeTree, type TestTree } from '../../../../helpers/discoverTree.ts';

let tree: TestTree;
beforeAll(() => {
  tree = makeTree();
});
afterAll(() => rmSync(tree.base, { recursive: true, force: true }));

const rel = (paths: string[]): string[] => paths.map((p) => relative(tree.root, p)).sort();

describe('walk', () => {
  for (const threads of [1, 2, 4]) {
    it(`finds exactly the candidate files, with ${threads} thread(s)`, async () => {
      const r = await walk({ roots: [tree.root], followSymlinks: true, threads });
      // As root the private folder is readable; its cacert.pem is found too.
      const found = rel(r.found);
      const viaOutside = found.filter((p) => /^links\/outside(-again)?\/sdk\/curl-ca-bundle\.crt$/.test(p));
      expect(viaOutside).toHaveLength(1); // two links to one folder outside the root: walked once
      const expected = [...tree.expectedFound, 'private/cacert.pem']
        .filter((p) => !p.startsWith('links/outside'))
        .sort();
      expect(found.filter((p) => !viaOutside.includes(p))).toEqual(expected);
      expect(rel(r.venvs)).toEqual([...tree.expectedVenvs].sort());
      expect(r.aborted).toBe(false);
      expect(r.unreadable).toBe(0);
      // Cut, not followed: links/up (an ancestor), the second link to outside, outside's link back.
      expect(r.skipped).toBeGreaterThanOrEqual(3);
    });
  }

  it('does not follow folder links when not asked', async () => {
    const r = await walk({ roots: [tree.root], threads: 2 });
    expect(rel(r.found).some((p) => p.startsWith('links/outside'))).toBe(false);
    expect(rel(r.found)).toContain('links/ca-certificates.crt'); // a link to a file is still found by its name
  });

  it('never enters excluded folders', async () => {
    const r = await walk({ roots: [tree.root], excluded: [`${tree.root}/venvs`, `${tree.root}/miniconda3`] });
    expect(rel(r.found).some((p) => p.startsWith('venvs/') || p.startsWith('miniconda3/'))).toBe(false);
    expect(r.venvs).toEqual([]);
    expect(r.skipped).toBe(2);
  });

  it('reports throttled progress and a final event', async () => {
    const events: WalkProgress[] = [];
    const r = await walk({ roots: [tree.root], onProgress: (p) => events.push(p), progressEveryMs: 0 });
    expect(events.length).toBeGreaterThan(0);
    const last = events.at(-1)!;
    expect(last.visited).toBe(r.visited);
    expect(last.found).toBe(r.found.length);
    expect(last.current.startsWith(tree.root)).toBe(true);
  });

  it('resolves at once when already aborted', async () => {
    const r = await walk({ roots: [tree.root], signal: AbortSignal.abort() });
    expect(r.aborted).toBe(true);
    expect(r.found).toEqual([]);
  });
});

describe('bundleLister (the app listing step)', () => {
  it('lists the files under a root and reports folders as it goes', async () => {
    const { bundleLister } = await import('../../../../../src-main/core/bundles/discover/discover.ts');
    const folders: string[] = [];
    const files = await bundleLister({ roots: [tree.root] })((f) => folders.push(f), new AbortController().signal);
    expect(rel(files)).toEqual(
      expect.arrayContaining(tree.expectedFound.filter((p) => !p.startsWith('links/outside'))),
    );
    expect(folders.length).toBeGreaterThan(0);
    expect(folders.every((f) => f.startsWith(tree.root) || f.startsWith(tree.outside))).toBe(true);
  });
});
