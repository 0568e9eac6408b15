import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['../../packages/core/src/testing/global-setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
});
