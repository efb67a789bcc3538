// A crowded, hostile machine in one folder (issue 12), for the memory test and the benchmark: every
// trap named like a bundle (links to /dev/zero and /dev/urandom, a FIFO, a socket, a 2 GB sparse
// file, big sparse files just under the reader's 64 MB, a folder named with a newline and escape
// codes) beside many real bundles: hard links to the fixture bundles (env-I/K/cacert.pem, fixture K
// in sorted order) and copies with a comment added (edited-I/K/cacert.pem: same certificates, other
// bytes, so each is read and parsed). Sparse files and hard links take next to no disk.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../../test/fixtures/bundles/', import.meta.url));
/** Each trap (traps/NAME/cacert.pem) and the reason the scan gives for it. */
export const TRAPS = { zero: 'device', urandom: 'device', fifo: 'pipe', socket: 'socket', sparse: 'too-large' };
export const CONTROL_NAME = 'evil\n\u001b[2J\tname';
export const BIG_BYTES = 60 * 1024 * 1024;

/**
 * Plants the tree in `dir` (an empty folder). Returns the fixtures in their order and `close()`,
 * which stops the socket's listener (a socket file lives only while its server listens).
 */
export async function plantCrowdedTree(dir, { links = 150, edited = 4, big = 4 } = {}) {
  const trap = (name) => join(dir, 'traps', name, 'cacert.pem');
  for (const name of Object.keys(TRAPS)) mkdirSync(join(dir, 'traps', name), { recursive: true });
  symlinkSync('/dev/zero', trap('zero'));
  symlinkSync('/dev/urandom', trap('urandom'));
  execFileSync('mkfifo', [trap('fifo')]);
  const socket = createServer();
  await new Promise((resolve) => socket.listen(trap('socket'), resolve));
  writeFileSync(trap('sparse'), '');
  truncateSync(trap('sparse'), 2 * 1024 ** 3);
  for (let i = 0; i < big; i++) {
    mkdirSync(join(dir, `big-${i}`));
    writeFileSync(join(dir, `big-${i}`, 'cert.pem'), '');
    truncateSync(join(dir, `big-${i}`, 'cert.pem'), BIG_BYTES);
  }
  mkdirSync(join(dir, CONTROL_NAME));
  copyFileSync(join(FIXTURES, 'certifi-2026.05.20.pem'), join(dir, CONTROL_NAME, 'cacert.pem'));
  const fixtures = readdirSync(FIXTURES).sort();
  fixtures.forEach((f, k) => {
    for (let i = 0; i < links; i++) {
      mkdirSync(join(dir, `env-${i}`, String(k)), { recursive: true });
      linkSync(join(FIXTURES, f), join(dir, `env-${i}`, String(k), 'cacert.pem'));
    }
    const bytes = readFileSync(join(FIXTURES, f));
    for (let i = 0; i < edited; i++) {
      mkdirSync(join(dir, `edited-${i}`, String(k)), { recursive: true });
      writeFileSync(
        join(dir, `edited-${i}`, String(k), 'cacert.pem'),
        Buffer.concat([bytes, Buffer.from(`# edited copy ${i}\n`)]),
      );
    }
  });
  const bundles = Object.keys(TRAPS).length + big + 1 + fixtures.length * (links + edited);
  return { fixtures, trap, bundles, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}
