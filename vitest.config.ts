import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // The Windows lane runs under Wine with its own config (vitest.windows.config.ts), after this run.
    exclude: [...configDefaults.exclude, 'test/windows/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Tests set the environment they mean; the machine's SSL_* / PIP_* exports must not leak in.
    setupFiles: ['test/helpers/setup.ts'],
  },
});
