import { defineConfig } from 'vitest/config';

const shared = {
  globalSetup: ['test/support/global-setup.ts'],
  // Every test process seals with a key of its own, as a deployment would (src/privacy/crypto.ts).
  setupFiles: ['test/support/data-key.ts'],
  // Each PGlite is a whole PostgreSQL in WASM (hundreds of MB): two workers fit the 2-core machines we run on.
  pool: 'forks' as const,
  testTimeout: 60_000,
  hookTimeout: 120_000,
  env: { NODE_ENV: 'test' },
};

export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      { test: { ...shared, name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/process/**'] } },
      // Several bot processes, killed processes, a stopped database: one file at a time, alone.
      {
        test: {
          ...shared,
          name: 'process',
          include: ['test/process/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 300_000,
        },
      },
    ],
  },
});
