import { z } from 'zod';
import { formatCount, m } from './i18n.ts';

/*
 * The building blocks every procedure input is made of. Postgres refuses a NUL character in text,
 * and a lone UTF-16 surrogate (half of an emoji) cannot be written as JSON into the audit log, so
 * both are refused here with a message, before anything reaches the database. Dates are held to
 * years a person means, so neither JavaScript's nor Postgres's extremes reach a query.
 */

/*
 * Every message is a function, so it is said in the language of the request that is refused
 * (see ./i18n.ts), and in English when nobody asked for another.
 */
export const TEXT_NUL_MESSAGE = m.validation_text_nul;
export const TEXT_BROKEN_MESSAGE = m.validation_text_broken;

/** What a schema says: fixed English text, or a message rendered when the refusal happens. */
export type Said = string | (() => string);
/** A zod message parameter from what is said (zod calls `error` each time it refuses). */
export const said = (message: Said) => ({ error: typeof message === 'string' ? () => message : message });

/** True for text Postgres stores and JSON carries: no NUL, no unpaired surrogate. */
export function isStorableText(text: string): boolean {
  return !text.includes('\0') && text.isWellFormed();
}

export interface TextOptions {
  /** Said when the text is longer than `max`; "Keep it to N characters." by default. */
  tooLong?: Said;
  /** Said when the value is missing or not text. */
  required?: Said;
  /** Leading and trailing spaces are dropped unless this is false (passwords keep them). */
  trim?: boolean;
}

/**
 * Text typed by a person: refuses what cannot be stored, trims (unless told not to) and has a
 * maximum length. Chain `.min()`, `.regex()`, `.optional()` as with any zod string.
 */
export function ZText(max: number, options: TextOptions = {}) {
  const base = z
    .string(options.required ? said(options.required) : undefined)
    .refine((text) => !text.includes('\0'), said(TEXT_NUL_MESSAGE))
    .refine((text) => text.isWellFormed(), said(TEXT_BROKEN_MESSAGE));
  return (options.trim === false ? base : base.trim()).max(max, said(options.tooLong ?? (() => m.validation_too_long({ max: formatCount(max) }))));
}

/** An https:// address, as text a person typed (so it refuses what text refuses). */
export function ZHttpsUrl(message: Said, tooLong: Said = () => m.validation_address_too_long({ max: formatCount(2000) })) {
  return ZText(2000, { tooLong }).pipe(z.url({ protocol: /^https$/, ...said(message) }));
}

/** Dates a person may enter: from 1900 to 9999. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;
const OUT_OF_RANGE = said(() => m.validation_date_range({ min: String(MIN_YEAR), max: String(MAX_YEAR) }));

/** A calendar day, `YYYY-MM-DD`, between the years 1900 and 9999. */
export function ZDay(message: Said = m.validation_day) {
  return z.iso.date(said(message)).refine((day) => {
    const year = Number(day.slice(0, 4));
    return year >= MIN_YEAR && year <= MAX_YEAR;
  }, OUT_OF_RANGE);
}

/** A point in time (a Date, or text a Date can be made of) between the years 1900 and 9999. */
export function ZDateTime(message: Said = m.validation_date_time) {
  return z.coerce.date(said(message)).refine((at) => {
    const year = at.getUTCFullYear();
    return year >= MIN_YEAR && year <= MAX_YEAR;
  }, OUT_OF_RANGE);
}

/** True when `value` carries a change: any defined value, or an object holding one. */
function carriesChange(value: unknown): boolean {
  if (value === undefined) return false;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value).some(carriesChange);
  }
  return true;
}

/**
 * An update must change something: `{ id }` alone, or with an empty `profile: {}`, is refused with
 * a message instead of reaching the database as an UPDATE with nothing to set.
 */
export function requireChange<T extends z.ZodObject>(schema: T, keys: readonly string[] = ['id']) {
  return schema.refine(
    (value) => Object.entries(value as Record<string, unknown>).some(([key, v]) => !keys.includes(key) && carriesChange(v)),
    said(m.validation_change_something),
  );
}

/** Fields every person and company record has. */
const TIME_ZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);

/** Languages the console and the built-in mails are offered in. */
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * Each language named in itself, as language pickers name them (a German speaker looks for
 * "Deutsch" whatever language the page is in): the one list for profiles, mail templates and
 * legal documents.
 */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  it: 'Italiano',
  ja: '日本語',
};

export const LANGUAGE_OPTIONS = LANGUAGES.map((value) => ({ value, label: LANGUAGE_NAMES[value] }));

export const ZTimeZone = ZText(64, { trim: false, tooLong: m.validation_time_zone }).refine((zone) => TIME_ZONES.has(zone), said(m.validation_time_zone));
export const ZLanguage = z.enum(LANGUAGES, said(() => m.validation_language({ languages: LANGUAGES.join(', ') })));
export const ZEmail = ZText(254, { tooLong: () => m.validation_email_too_long({ max: formatCount(254) }) }).email(said(m.validation_email));
