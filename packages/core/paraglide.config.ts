import { fileURLToPath } from 'node:url';
import { compile, type CompilerOptions } from '@inlang/paraglide-js';

/**
 * How the API's messages (validation and refusals, messages/{locale}.json) compile into
 * `src/paraglide`, which is generated and not committed: `prepare` (after `npm ci`), `typecheck`,
 * `build` and the tests' global set-up run it. The locale is never guessed here: `src/i18n.ts`
 * answers the request's locale (the signed-in user's language, else the Accept-Language header of
 * an API call, else English).
 */
export const paraglideOptions: CompilerOptions = {
  project: fileURLToPath(new URL('./project.inlang', import.meta.url)),
  outdir: fileURLToPath(new URL('./src/paraglide', import.meta.url)),
  strategy: ['baseLocale'],
  emitTsDeclarations: true,
  emitReadme: false,
  emitPrettierIgnore: false,
};

/** Compiles the messages (paraglide skips writing files that did not change). */
export const compileMessages = () => compile(paraglideOptions);

if (import.meta.url === `file://${process.argv[1]}`) {
  await compileMessages();
}
