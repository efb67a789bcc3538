// TEST ONLY, and the only place TrustFix reads a test hook. A link-swap race (safety rule 6, docs/safety-rules.md) is a
// matter of microseconds; to show that a write never lands on a file a link leads to, the test
// (test/integration/core/repair/safeFile.link-race.test.ts) needs the swap to happen exactly in the window between
// the last check of a target and the rename onto it. With TRUSTFIX_TEST_PAUSE_BEFORE_RENAME set to a
// FIFO, every rename onto (or removal of) a checked target first opens that FIFO for reading: the
// open returns when the test opens the other end, which tells the test "paused here"; the test swaps
// the file and closes its end, and reading to the end resumes. Unset, this costs one lookup.
import { open } from 'node:fs/promises';

export const PAUSE_BEFORE_RENAME_ENV = 'TRUSTFIX_TEST_PAUSE_BEFORE_RENAME';

export async function pauseBeforeRename(): Promise<void> {
  const fifo = process.env[PAUSE_BEFORE_RENAME_ENV];
  if (!fifo) return;
  const handle = await open(fifo, 'r');
  try {
    await handle.readFile();
  } finally {
    await handle.close();
  }
}
