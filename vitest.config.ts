import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'plugins/*/test/**/*.test.ts',
      'host/test/**/*.test.ts',
      'test/*/**/*.test.ts',
    ],
    // Worker pools, real files and the Python oracles make some tests slow on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
