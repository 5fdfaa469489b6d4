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
      {
        test: {
          ...shared,
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/process/**'],
          // A worker keeps its modules between files: importing the knowledge base, PGlite and the
          // channels again for each of ~90 files cost more than the tests themselves (suite 1,065 → 653 s).
          isolate: false,
        },
      },
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
