/** The dashboard's import of the day formatter, until it imports `#lib/format.ts` itself. */
export { formatCalendarDay } from '#lib/format.ts';
