import { fromDate, parseDateTime, toCalendarDateTime, toZoned } from '@internationalized/date';
import { countryName } from '@keyway/core/countries';
import { getLocale } from '#lib/paraglide/runtime.js';

/*
 * The console's one formatter: every date, moment, count and amount a page shows goes through here,
 * in the language of the page (the user's, from Account Information; the browser's when signed out)
 * and, for moments, the time zone of the user's account (never the browser's, so the server-rendered
 * page and the browser agree). One style per language everywhere: "4 Dec 2026" in English,
 * "4. Dez. 2026" in German, "4 déc. 2026" in French.
 */

/** The Intl locale a console language formats with: British English keeps day-month-year. */
const INTL_LOCALES: Record<string, string> = { en: 'en-GB', de: 'de-DE', fr: 'fr-FR' };

export const intlLocale = (locale: string = getLocale()) => INTL_LOCALES[locale] ?? locale;

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

function dateFormat(options: Intl.DateTimeFormatOptions, locale = getLocale()): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) cache.set(key, (format = new Intl.DateTimeFormat(intlLocale(locale), options)));
  return format;
}

function numberFormat(options: Intl.NumberFormatOptions = {}, locale = getLocale()): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.NumberFormat | undefined;
  if (!format) cache.set(key, (format = new Intl.NumberFormat(intlLocale(locale), options)));
  return format;
}

const DAY: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

/** A moment in the user's time zone: "15 Mar 2030, 09:30", "15. März 2030, 09:30". */
export function formatDateTime(value: Date | string | null | undefined, timeZone: string): string {
  if (value == null) return '—';
  const date = new Date(value);
  try {
    return dateFormat({ ...DAY, ...TIME, timeZone }).format(date);
  } catch {
    return date.toISOString().slice(0, 16).replace('T', ' ');
  }
}

/** The day a moment falls on in the user's time zone: "15 Mar 2030". */
export function formatDay(value: Date | string | null | undefined, timeZone: string): string {
  if (value == null) return '—';
  const date = new Date(value);
  try {
    return dateFormat({ ...DAY, timeZone }).format(date);
  } catch {
    return date.toISOString().slice(0, 10);
  }
}

/** A company's country (ISO code) by its name in the page's language, as the pickers name it: "Deutschland". */
export function formatCountry(code: string | null | undefined): string {
  return code ? countryName(code, getLocale()) : '—';
}

/** A calendar day (`YYYY-MM-DD`, which carries no zone, as license dates do): "15 Mar 2030". */
export function formatCalendarDay(day: string | null | undefined): string {
  if (!day) return '—';
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return dateFormat({ ...DAY, timeZone: 'UTC' }).format(date);
}

/** A calendar day without its year, as a chart's axis names it: "4 Dec", "4. Dez.". */
export function formatDayMonth(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return dateFormat({ day: 'numeric', month: 'short', timeZone: 'UTC' }).format(date);
}

/** A report cycle (`YYYY-MM`, a calendar month): "November 2026"; `short` for "Nov 2026". */
export function formatCycle(cycle: string, { short = false } = {}): string {
  const [year, month] = cycle.split('-').map(Number);
  if (!year || !month) return cycle;
  return dateFormat({ month: short ? 'short' : 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, 1));
}

/** A whole number grouped the reader's way: "1,234", "1.234", "1 234". */
export const formatCount = (value: number) => numberFormat().format(value);

/** "12.5 %" ("12,5 %"), or a dash when there is nothing to compare with. */
export const formatPercent = (value: number | null) =>
  value === null ? '—' : `${numberFormat({ minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value)} %`;

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

function separators(locale = getLocale()): { group: string; decimal: string } {
  const parts = numberFormat({ minimumFractionDigits: 1 }, locale).formatToParts(1234.5);
  return {
    group: parts.find((part) => part.type === 'group')?.value ?? ',',
    decimal: parts.find((part) => part.type === 'decimal')?.value ?? '.',
  };
}

/*
 * Money reaches the browser as the decimal strings the server writes from integer minor units
 * ("1234.50"). The console only regroups their digits for reading: it never turns them into
 * numbers, so no floating point touches an amount between the database and the screen.
 */

/** "1,234.50" ("1.234,50") for "1234.50": the same digits, the whole part grouped by thousands. */
export function groupDecimal(amount: string): string {
  const match = DECIMAL.exec(amount.trim());
  if (!match) return amount;
  const [, sign, whole, fraction] = match;
  const { group, decimal } = separators();
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${sign}${grouped}${fraction === undefined ? '' : `${decimal}${fraction}`}`;
}

/** "1,234.50 USD"; a dash for a line without a price. */
export const formatMoney = (amount: string | null | undefined, currency: string) =>
  amount === null || amount === undefined ? '—' : `${groupDecimal(amount)} ${currency}`;

/** "27.5 %" for the server's "27.50": trailing zeros of the fraction dropped. */
export function formatMargin(percent: string): string {
  const match = DECIMAL.exec(percent.trim());
  if (!match) return percent;
  const [, sign, whole, fraction] = match;
  const trimmed = fraction?.replace(/0+$/, '') ?? '';
  return `${sign}${whole}${trimmed ? `${separators().decimal}${trimmed}` : ''} %`;
}

/** "+5", "−3", "0": a change of units, signed and grouped. */
export const formatChange = (change: number) =>
  change > 0 ? `+${formatCount(change)}` : change < 0 ? `−${formatCount(-change)}` : '0';

/** A moment as a `datetime-local` value (`2030-03-15T09:30`) in the user's time zone. */
export function toLocalInput(value: Date, timeZone: string): string {
  return toCalendarDateTime(fromDate(value, timeZone)).toString().slice(0, 16);
}

/** A `datetime-local` value read in the user's time zone; undefined when it is not a date and time. */
export function fromLocalInput(value: string, timeZone: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return undefined;
  try {
    return toZoned(parseDateTime(value), timeZone).toDate();
  } catch {
    return undefined;
  }
}
