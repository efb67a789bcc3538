// The Windows lane (`npm run test:windows`, scripts/windows-lane/run.mjs): TrustFix's compiled CLI run
// as a Windows program under Wine. One worker, files one after another: Wine is slow and the files
// share one prefix and one wineserver. Generous timeouts, no wall-clock assertions.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/windows/**/*.test.ts'],
    globalSetup: ['test/windows/globalSetup.ts'],
    setupFiles: ['test/helpers/setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    sequence: { concurrent: false },
  },
});
