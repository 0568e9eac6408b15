import { fromDate, parseDateTime, toCalendarDateTime, toZoned } from '@internationalized/date';

/**
 * A moment in the time zone of the user's account (not the browser's), so the server-rendered page
 * and the browser agree: "15 Mar 2030, 09:30".
 */
export function formatDateTime(value: Date | string | null | undefined, timeZone: string): string {
  if (value == null) return '—';
  try {
    return new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone,
    }).format(new Date(value));
  } catch {
    return new Date(value).toISOString().slice(0, 16).replace('T', ' ');
  }
}

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

const BROWSERS: [RegExp, string][] = [
  [/Edg\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\//, 'Firefox'],
  [/Chrom(e|ium)\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/iPhone|iPad/, 'iOS'],
  [/Android/, 'Android'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

/** "Chrome on Windows", "Safari on iOS": enough to recognise one's own devices in a list. */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return 'Unknown browser';
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? userAgent.slice(0, 60);
}

/** A day in the signed-in user's time zone: "15 Mar 2030". */
export function formatDay(value: Date | string | null | undefined, timeZone: string): string {
  if (value == null) return '—';
  const date = new Date(value);
  try {
    return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(date);
  } catch {
    return date.toISOString().slice(0, 10);
  }
}

export const formatCount = (value: number) => new Intl.NumberFormat('en').format(value);

/** A calendar day (`YYYY-MM-DD`, which carries no zone) as "15 Mar 2030". */
export function formatCalendarDay(day: string | null): string {
  if (!day) return '—';
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}
