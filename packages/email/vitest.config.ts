import { defineConfig } from 'vitest/config';

// Rendering needs no database: no global setup here.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
  },
});
