// A synthetic folder tree for the walk's benchmark and its cancellation tests: `top` folders, each
// `fan` x `fan` x `fan` deep, `files` small files per leaf, and a CA bundle name every `every`
// leaves (cacert.pem, ca-bundle.crt, cert.pem in turn). With `bundles` (paths of real bundle files),
// those files are copied in instead, one per leaf spread evenly over the tree, each named by
// `bundleNames` in turn, as extra files beside the `files` of their leaf (so `every` is unused).
// Built once under /tmp and reused: a marker file records the shape, so a changed shape is rebuilt.
// Test files run in parallel and several use the same tree: it is built in a folder of this process's
// own and renamed into place whole, so no test walks a tree another is still building or removing.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const BUNDLE_NAMES = ['cacert.pem', 'ca-bundle.crt', 'cert.pem'];

export function synthTree(
  dir,
  { top = 30, fan = 10, files = 10, every = 500, bundles = [], bundleNames = BUNDLE_NAMES } = {},
) {
  const shape = JSON.stringify({ top, fan, files, every, v: 1, ...(bundles.length ? { bundles, bundleNames } : {}) });
  const marker = join(dir, '.trustfix-synth');
  const expected = [];
  let folders = 1;
  let fileCount = 0;
  const built = () => existsSync(marker) && readFileSync(marker, 'utf8') === shape;
  const build = !built();
  // Where the files are made: the tree itself, or (when building) this process's own folder beside it.
  const base = build ? `${dir}.build-${process.pid}` : dir;
  if (build) {
    rmSync(base, { recursive: true, force: true });
    mkdirSync(base, { recursive: true, mode: 0o755 });
  }
  /** A path made below `base`, as it will be once the tree is in place. */
  const final = (path) => dir + path.slice(base.length);
  const leaves = top * fan * fan * fan;
  // Leaf number -> index into `bundles`: spread evenly, the first a little way in.
  const copies = new Map(bundles.map((_, i) => [Math.floor(((i + 0.5) * leaves) / bundles.length), i]));
  let leaf = 0;
  for (let a = 0; a < top; a++) {
    const da = join(base, `top${a}`);
    if (build) mkdirSync(da);
    folders++;
    for (let b = 0; b < fan; b++) {
      const db = join(da, `lib${b}`);
      if (build) mkdirSync(db);
      folders++;
      for (let c = 0; c < fan; c++) {
        const dc = join(db, `pkg${c}`);
        if (build) mkdirSync(dc);
        folders++;
        for (let d = 0; d < fan; d++) {
          const dd = join(dc, `mod${d}`);
          if (build) mkdirSync(dd);
          folders++;
          leaf++;
          for (let f = 0; f < files; f++) {
            const bundle = bundles.length === 0 && f === 0 && leaf % every === 0;
            const name = bundle ? BUNDLE_NAMES[(leaf / every) % BUNDLE_NAMES.length] : `file${f}.py`;
            if (build) writeFileSync(join(dd, name), bundle ? '-----BEGIN CERTIFICATE-----\n' : '');
            if (bundle) expected.push(final(join(dd, name)));
            fileCount++;
          }
          const copy = copies.get(leaf - 1);
          if (copy !== undefined) {
            const path = join(dd, bundleNames[copy % bundleNames.length]);
            if (build) copyFileSync(bundles[copy], path);
            expected.push(final(path));
          }
        }
      }
    }
  }
  if (build) {
    writeFileSync(join(base, '.trustfix-synth'), shape);
    moveIntoPlace(base, dir, built);
  }
  return {
    dir,
    folders,
    files: fileCount,
    expected: expected.sort(),
    built: build,
    names: bundles.length ? bundleNames : BUNDLE_NAMES,
  };
}

/** Puts the finished `from` at `to`. When the same tree got there first (another process built it
 * meanwhile), that one stays and this copy is removed; a tree of another shape is set aside first.
 * A tree of the right shape is never moved: another test may be walking it. */
function moveIntoPlace(from, to, built) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      renameSync(from, to);
      return;
    } catch (error) {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    }
    if (built()) {
      rmSync(from, { recursive: true, force: true });
      return;
    }
    const old = `${to}.old-${process.pid}`;
    try {
      renameSync(to, old);
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
    }
    rmSync(old, { recursive: true, force: true });
  }
  throw new Error(`could not put the synthetic tree in place at ${to}`);
}
