import { baseLocale, isLocale, overwriteGetLocale, type Locale } from './paraglide/runtime.js';

/*
 * The API's own words (validation messages, refusals) in the language of the person they reach,
 * through the messages in packages/core/messages (paraglide, compiled into `src/paraglide`).
 * A message function renders in `getLocale()`: the locale of the request being served (the
 * signed-in user's language, else an API call's Accept-Language), which `withLocale` holds for
 * everything that request runs (see `./i18n-server.ts`); in the browser the page's `<html lang>`;
 * English otherwise, exactly as the messages were written before they were translated.
 */

export { m } from './paraglide/messages.js';
export { locales, type Locale } from './paraglide/runtime.js';

/** The page's language in a browser (`<html lang>`, which the console's server wrote). */
const pageLanguage = () => (globalThis as { document?: { documentElement: { lang: string } } }).document?.documentElement.lang;

let requestLocale: () => string | undefined = pageLanguage;

overwriteGetLocale(() => {
  const locale = requestLocale();
  return locale && isLocale(locale) ? locale : baseLocale;
});

/** The locale messages render in now. */
export function currentLocale(): Locale {
  const locale = requestLocale();
  return locale && isLocale(locale) ? locale : baseLocale;
}

/** Where the locale of the running request comes from; set once by the server (`./i18n-server.ts`). */
export function setLocaleSource(source: () => string | undefined): void {
  requestLocale = source;
}

/** The locale for a language of Account Information (`users.language`): a translated one, else English. */
export function localeOf(language: string | null | undefined): Locale {
  const base = language?.toLowerCase().split('-')[0];
  return base && isLocale(base) ? base : baseLocale;
}

/**
 * The best translated locale an Accept-Language header asks for (by its q-values), else English.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  const wanted = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', q = 'q=1'] = part.trim().split(';');
      return { tag: tag.trim().toLowerCase().split('-')[0] ?? '', q: Number(q.trim().replace(/^q=/, '')) || 0 };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return wanted.map((entry) => entry.tag).find((tag): tag is Locale => isLocale(tag)) ?? baseLocale;
}

/**
 * A count as the current locale writes it: 2,000 in English, 2.000 in German. Messages whose
 * English has always printed a bare number ("999999 were asked for") pass `String(n)` instead, so
 * English stays word for word what integrators and tests read.
 */
export function formatCount(n: number): string {
  return n.toLocaleString(currentLocale());
}
