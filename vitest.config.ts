import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    // Child processes suit the Temporal native bridge and PGlite's WASM.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['tests/global-setup.ts'],
    setupFiles: ['tests/setup-file.ts'],
    reporters: ['default'],
  },
});
