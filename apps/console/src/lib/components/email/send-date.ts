import { fromDate, parseDateTime, toCalendarDateTime, toZoned } from '@internationalized/date';

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
