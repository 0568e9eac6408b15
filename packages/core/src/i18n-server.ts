import { AsyncLocalStorage } from 'node:async_hooks';
import { z } from 'zod';
import de from 'zod/v4/locales/de.js';
import en from 'zod/v4/locales/en.js';
import fr from 'zod/v4/locales/fr.js';
import { currentLocale, setLocaleSource, type Locale } from './i18n.ts';

/**
 * The locale of the request being served, held for everything it runs (awaits included): the
 * API's tRPC middleware and the public REST API set it, and the messages of `./i18n.ts` read it.
 */
const requestLocale = new AsyncLocalStorage<Locale>();
setLocaleSource(() => requestLocale.getStore());

/**
 * zod's own messages ("Invalid input: expected string, received undefined") for what a schema
 * does not word itself, in the same locale: zod asks `localeError` each time it refuses.
 */
const zodLocales: Record<Locale, ReturnType<typeof en>['localeError']> = { en: en().localeError, de: de().localeError, fr: fr().localeError };
z.config({ localeError: (issue) => zodLocales[currentLocale()](issue) });

/** Runs `run` with its messages in `locale`. */
export function withLocale<T>(locale: Locale, run: () => T): T {
  return requestLocale.run(locale, run);
}
