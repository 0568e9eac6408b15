import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [tailwindcss(), sveltekit({
      adapter: adapter(),
      // The hooks refuse every cross-site non-GET request, form posts and API calls alike, against
      // the ORIGIN the console is configured with at run time (DESIGN: Security); the framework's
      // own check would compare with the origin the Node adapter guesses (https) instead.
      csrf: { trustedOrigins: ['*'] },
    })],
  test: {
    include: ['src/**/*.test.ts'],
    // Tests that start the built console get a database of their own from this template.
    globalSetup: ['../../packages/core/src/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
