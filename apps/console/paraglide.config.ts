import { compile, type CompilerOptions } from '@inlang/paraglide-js';

/**
 * How the console's messages (messages/{locale}.json) compile into `src/lib/paraglide`, shared by the
 * Vite plugin (dev, build, unit tests) and `npm run paraglide` (type checks run before any build).
 * The generated folder is not committed.
 *
 * The locale is never in the URL, so every existing address stays as it is. A signed-in user's
 * language comes from Account Information (`custom-user`, resolved by the hooks from the session);
 * signed-out pages follow the browser's Accept-Language, then the cookie. In the browser
 * `custom-user` reads `<html lang>`, which the server wrote, so hydration never disagrees with it.
 */
export const paraglideOptions: CompilerOptions = {
  project: './project.inlang',
  outdir: './src/lib/paraglide',
  strategy: ['custom-user', 'preferredLanguage', 'cookie', 'baseLocale'],
  // Generated code explains itself to nobody here; the repository's ignore lists cover it.
  emitReadme: false,
  emitPrettierIgnore: false,
};

if (import.meta.url === `file://${process.argv[1]}`) {
  await compile(paraglideOptions);
}
