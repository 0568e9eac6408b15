import { addDays, addMonths, today } from '../dates.ts';

/*
 * A cycle is a calendar month in UTC, written `YYYY-MM`; it runs from its first day to the first
 * day of the next month, excluded.
 */

/** The cycle's first day, as the `cycle` column stores it. */
export const cycleStart = (cycle: string): string => `${cycle}-01`;

/** The first day after the cycle. */
export const cycleEnd = (cycle: string): string => addMonths(cycleStart(cycle), 1);

/** The cycle a day falls in. */
export const cycleOf = (day: string): string => day.slice(0, 7);

/** The cycle `by` months after (or before, negative) `cycle`. */
export const shiftCycle = (cycle: string, by: number): string => cycleOf(addMonths(cycleStart(cycle), by));

/** The cycle that ended last: the one a report is prepared for on the 1st. */
export const previousCycle = (day: string = today()): string => shiftCycle(cycleOf(day), -1);

/**
 * The day the auto-submit job submits a report still preparing: `autoSubmitDays` after the cycle
 * ended, so the partner has exactly that many whole days (5: a 2026-10 report is due by the 5th
 * of November and submitted automatically on the 6th).
 */
export const dueOnFor = (cycle: string, autoSubmitDays: number): string => addDays(cycleEnd(cycle), autoSubmitDays);

/** The last day a partner can submit itself (what the mails call "submit by"). */
export const submitByOf = (dueOn: string): string => addDays(dueOn, -1);

/** Whole days from `day` to `dueOn` (0 on the day, negative after). */
export const daysBetween = (day: string, later: string): number =>
  Math.round((Date.parse(`${later}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000);
