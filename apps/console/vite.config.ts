import { paraglideVitePlugin } from '@inlang/paraglide-js';
import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vitest/config';
import { paraglideOptions } from './paraglide.config.ts';

export default defineConfig({
  plugins: [paraglideVitePlugin(paraglideOptions), tailwindcss(), sveltekit({
      adapter: adapter(),
      // The hooks refuse every cross-site non-GET request, form posts and API calls alike, against
      // the ORIGIN the console is configured with at run time (DESIGN: Security); the framework's
      // own check would compare with the origin the Node adapter guesses (https) instead.
      csrf: { trustedOrigins: ['*'] },
      // Scripts run only from the console's own files and the inline ones the framework marks
      // with a per-response nonce. Styles allow inline: Svelte renders `style` attributes and
      // bits-ui positions its popovers with them, and a nonce cannot cover an attribute.
      csp: {
        mode: 'auto',
        directives: {
          'default-src': ['self'],
          'script-src': ['self'],
          'style-src': ['self', 'unsafe-inline'],
          'img-src': ['self', 'data:', 'blob:'],
          'font-src': ['self', 'data:'],
          'connect-src': ['self'],
          'object-src': ['none'],
          'base-uri': ['self'],
          'form-action': ['self'],
          'frame-ancestors': ['none'],
        },
      },
    })],
  test: {
    include: ['src/**/*.test.ts'],
    // Tests that start the built console get a database of their own from this template.
    globalSetup: ['../../packages/core/src/testing/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
