import { parseDate, toZoned } from '@internationalized/date';
import { ZListScheduledInput, ZListSentInput } from '@keyway/core/email-notifications';
import { ZDay } from '@keyway/core/validation';
import { defineListParams } from '#lib/components/list/list-params.ts';

/*
 * The Sent Mails and Scheduled filters as they stand in the address bar, so a filtered list can be
 * reloaded and shared: days as `YYYY-MM-DD` in the user's time zone, the rest as typed or chosen.
 */
const common = {
  from: { schema: ZDay() },
  to: { schema: ZDay() },
  recipient: { path: 'filters.recipient' },
  event: { path: 'filters.event' },
} as const;

export const sentList = defineListParams(ZListSentInput, {
  ...common,
  status: { path: 'filters.status' },
  /** A company the list is narrowed to, chosen by clicking its name in the table. */
  company: { path: 'filters.companyId' },
});

/** Scheduled mails have one status; there is no status filter. */
export const scheduledList = defineListParams(ZListScheduledInput, {
  ...common,
  company: { path: 'filters.companyId' },
});

/**
 * The API's date range: "from" is the start of that day and "to" the end of that day, both in the
 * user's time zone, so a mail sent late in the evening is found under the day the user saw it.
 */
export function dayRange(params: { from: string; to: string }, timeZone: string): { from?: Date; to?: Date } {
  const from = params.from ? parseDate(params.from) : undefined;
  const to = params.to ? parseDate(params.to) : undefined;
  return {
    from: from ? toZoned(from, timeZone).toDate() : undefined,
    to: to ? new Date(toZoned(to.add({ days: 1 }), timeZone).toDate().getTime() - 1) : undefined,
  };
}
