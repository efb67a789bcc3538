// A generated tree for discovery tests: several site-packages layouts, conda prefixes, a symlink
// loop, a symlink to a bundle, a folder outside the root reached by a link, an unreadable folder,
// a non-ASCII name, a JPEG named cacert.pem and a lone test CA named cacert.pem.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeCert } from './checkPki.ts';
import { FIXTURES } from './cli.ts';

/** A self-signed CA (Basic Constraints critical, keyCertSign) valid for ten years from yesterday. */
export function testCaPem(cn = 'TrustFix Test CA'): string {
  return makeCert({ cn, ca: true, to: 3650 }).pem;
}

/** The smallest honest JPEG header (SOI, APP0 JFIF), padded: what a photo renamed cacert.pem starts with. */
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]),
  Buffer.alloc(2000, 0x5a),
  Buffer.from([0xff, 0xd9]),
]);

function file(root: string, rel: string, content: string | Buffer): string {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

function bundle(root: string, rel: string, fixture: string): string {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  copyFileSync(join(FIXTURES, fixture), path);
  return path;
}

export interface TestTree {
  base: string;
  root: string;
  outside: string;
  /** Relative to root: what a walk must find by name (the unreadable folder's file excluded). */
  expectedFound: string[];
  expectedVenvs: string[];
  unreadableDir: string;
}

export function makeTree(): TestTree {
  // /tmp/trustfix-tree-XXXX is 0700 from mkdtemp: open it (and the root) so `nobody` can walk it.
  const base = mkdtempSync('/tmp/trustfix-tree-');
  chmodSync(base, 0o755);
  const root = join(base, 'root');
  const outside = join(base, 'outside');
  mkdirSync(root, { mode: 0o755 });
  // Unix venv with certifi (version in __init__.py) and pip's vendored certifi (pip's version).
  const site = 'venvs/app/lib/python3.11/site-packages';
  file(root, 'venvs/app/pyvenv.cfg', 'home = /usr/bin\nversion = 3.11.2\n');
  bundle(root, `${site}/certifi/cacert.pem`, 'certifi-2024.08.30.pem');
  file(
    root,
    `${site}/certifi/__init__.py`,
    'from .core import contents, where\n\n__all__ = ["contents", "where"]\n__version__ = "2024.08.30"\n',
  );
  bundle(root, `${site}/pip/_vendor/certifi/cacert.pem`, 'certifi-2022.12.07.pem');
  file(root, `${site}/pip/_vendor/certifi/__init__.py`, '__version__ = "2022.12.07"\n');
  file(root, `${site}/pip/__init__.py`, '__version__ = "23.0.1"\n');
  // Debian layout: dist-packages, botocore, version only in the dist-info folder name.
  bundle(root, 'usr/lib/python3/dist-packages/botocore/cacert.pem', 'botocore-1.43.11.pem');
  mkdirSync(join(root, 'usr/lib/python3/dist-packages/botocore-1.43.11.dist-info'), { recursive: true });
  // Windows layout: Lib/site-packages, old requests with its own bundle.
  bundle(root, 'Python27/Lib/site-packages/requests/cacert.pem', 'certifi-2016.02.28.pem');
  file(root, 'Python27/Lib/site-packages/requests/__init__.py', "__version__ = '2.10.0'\n");
  // Nested: a venv inside a project inside a venv's site-packages, with its own pyvenv.cfg.
  file(root, `${site}/tool/.venv/pyvenv.cfg`, 'home = /usr/bin\n');
  bundle(root, `${site}/tool/.venv/lib/python3.12/site-packages/certifi/cacert.pem`, 'certifi-2026.05.20.pem');
  // conda: Unix prefix (ssl/cacert.pem with conda-meta) and a Windows prefix (Library/ssl).
  mkdirSync(join(root, 'miniconda3/conda-meta'), { recursive: true });
  bundle(root, 'miniconda3/ssl/cacert.pem', 'certifi-2024.07.04.pem');
  mkdirSync(join(root, 'condawin/conda-meta'), { recursive: true });
  bundle(root, 'condawin/Library/ssl/cacert.pem', 'certifi-2023.05.07.pem');
  // A non-ASCII folder name.
  bundle(root, 'Zertifikate-äöü/证书/ca-bundle.crt', 'debian12-ca-certificates.crt');
  // A JPEG named cacert.pem, and a lone test CA named cacert.pem.
  file(root, 'photos/cacert.pem', JPEG);
  file(root, 'testca/cacert.pem', testCaPem());
  // Not candidates: must not be found.
  file(root, 'notes/cacert.pem.txt', 'not a candidate name');
  file(root, 'notes/readme.md', 'nothing');
  // A symlink to a bundle (found by its name, judged once with its target).
  mkdirSync(join(root, 'links'));
  symlinkSync(`../${site}/certifi/cacert.pem`, join(root, 'links/ca-certificates.crt'));
  // Symlink loops: a link to an ancestor, and two links pointing at each other.
  symlinkSync('..', join(root, 'links/up'));
  symlinkSync('loop-b', join(root, 'links/loop-a'));
  symlinkSync('loop-a', join(root, 'links/loop-b'));
  // A folder outside the root, reached through a link (followed once; its own link back is cut).
  bundle(outside, 'sdk/curl-ca-bundle.crt', 'certifi-2024.07.04.pem');
  symlinkSync(outside, join(root, 'links/outside'));
  symlinkSync(outside, join(root, 'links/outside-again'));
  symlinkSync(root, join(outside, 'back-to-root'));
  // An unreadable folder (root's own, mode 0700): `nobody` cannot list it.
  const unreadableDir = join(root, 'private');
  bundle(root, 'private/cacert.pem', 'certifi-2024.08.30.pem');
  chmodSync(unreadableDir, 0o700);
  return {
    base,
    root,
    outside,
    unreadableDir,
    expectedFound: [
      'Python27/Lib/site-packages/requests/cacert.pem',
      'Zertifikate-äöü/证书/ca-bundle.crt',
      'condawin/Library/ssl/cacert.pem',
      'links/ca-certificates.crt',
      'links/outside/sdk/curl-ca-bundle.crt',
      'miniconda3/ssl/cacert.pem',
      'photos/cacert.pem',
      'testca/cacert.pem',
      'usr/lib/python3/dist-packages/botocore/cacert.pem',
      `${site}/certifi/cacert.pem`,
      `${site}/pip/_vendor/certifi/cacert.pem`,
      `${site}/tool/.venv/lib/python3.12/site-packages/certifi/cacert.pem`,
    ],
    expectedVenvs: [`${site}/tool/.venv/pyvenv.cfg`, 'venvs/app/pyvenv.cfg'],
  };
}
