import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Every test process seals with a key of its own, as a deployment would (src/privacy/crypto.ts).
    setupFiles: ['test/support/data-key.ts'],
    // Each PGlite is a whole PostgreSQL in WASM (hundreds of MB): two workers fit the 2-core machines we run on.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: 'test' },
  },
});
