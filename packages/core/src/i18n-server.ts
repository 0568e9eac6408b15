import { AsyncLocalStorage } from 'node:async_hooks';
import { setLocaleSource, type Locale } from './i18n.ts';

/**
 * The locale of the request being served, held for everything it runs (awaits included): the
 * API's tRPC middleware and the public REST API set it, and the messages of `./i18n.ts` read it.
 */
const requestLocale = new AsyncLocalStorage<Locale>();
setLocaleSource(() => requestLocale.getStore());

/** Runs `run` with its messages in `locale`. */
export function withLocale<T>(locale: Locale, run: () => T): T {
  return requestLocale.run(locale, run);
}
