import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // The Windows lane runs under Wine with its own config (vitest.windows.config.ts), after this run.
    exclude: [...configDefaults.exclude, 'test/windows/**'],
    // A backstop against a hang, not a speed limit: with two files at once a test may take twice as long.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one on CI's two. Most test files spend their
    // time waiting on what they started (interpreters, servers, Chromium, ansible), so two files at once
    // use both cores; the tests that measure time allow for a busy machine.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Tests set the environment they mean; the machine's SSL_* / PIP_* exports must not leak in.
    setupFiles: ['test/helpers/setup.ts'],
  },
});
