import { defineCustomClientStrategy } from '#lib/paraglide/runtime.js';

/**
 * In the browser the language is the one the server rendered the page in (`<html lang>`), so
 * hydration never disagrees with it. Changing it goes through Account Information and a reload.
 */
defineCustomClientStrategy('custom-user', {
  getLocale: () => document.documentElement.lang || undefined,
  setLocale: () => {},
});
