/**
 * License dates are calendar days (`YYYY-MM-DD`, as Postgres `date` columns read), counted in UTC
 * so that every server agrees on "today". ISO days compare correctly as strings.
 */

export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * The same day `months` later; a day the target month lacks becomes its last day
 * (31 January + 1 month = 28 or 29 February), as Postgres `date + interval` does.
 */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, last))).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** "1 October 2026", the way mails write dates. */
export function longDate(day: string, language = 'en'): string {
  return new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}

export const laterOf = (a: string, b: string) => (a > b ? a : b);
export const earlierOf = (a: string, b: string) => (a < b ? a : b);
