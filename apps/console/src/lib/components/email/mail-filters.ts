import { parseDate, toZoned, type CalendarDate } from '@internationalized/date';
import type { RouterInputs } from '#lib/trpc.ts';
import { SENT_STATUSES } from './mail-format.ts';

type SentFilters = NonNullable<RouterInputs['emailNotifications']['sent']['list']['filters']>;
export type MailEvent = NonNullable<SentFilters['event']>;
export type SentStatus = NonNullable<SentFilters['status']>;

/**
 * The Sent Mails and Scheduled filters as they stand in the address bar, so a filtered list can be
 * reloaded and shared: days as `YYYY-MM-DD` in the user's time zone, the rest as typed or chosen.
 */
export interface MailFilterParams {
  from: string;
  to: string;
  recipient: string;
  event: MailEvent | '';
  status: SentStatus | '';
  /** A company the list is narrowed to, chosen by clicking its name in the table. */
  company: string;
}

export const NO_FILTERS: MailFilterParams = {
  from: '',
  to: '',
  recipient: '',
  event: '',
  status: '',
  company: '',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function day(value: string | null): CalendarDate | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  try {
    return parseDate(value);
  } catch {
    return undefined;
  }
}

/** Reads the filters from a URL, dropping values the API would refuse rather than failing the page. */
export function readFilterParams(url: URL, events: readonly string[]): MailFilterParams {
  const get = (name: string) => url.searchParams.get(name)?.trim() ?? '';
  const event = get('event');
  const status = get('status');
  const company = get('company');
  return {
    from: day(get('from'))?.toString() ?? '',
    to: day(get('to'))?.toString() ?? '',
    recipient: get('recipient').slice(0, 254),
    event: events.includes(event) ? (event as MailEvent) : '',
    status: (SENT_STATUSES as readonly string[]).includes(status) ? (status as SentStatus) : '',
    company: UUID.test(company) ? company : '',
  };
}

/** The query string for these filters, without the empty ones. */
export function filterSearch(params: MailFilterParams): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  const query = search.toString();
  return query ? `?${query}` : '';
}

export function hasFilters(params: MailFilterParams): boolean {
  return Object.values(params).some(Boolean);
}

/**
 * The API's filters: "from" is the start of that day and "to" the end of that day, both in the
 * user's time zone, so a mail sent late in the evening is found under the day the user saw it.
 */
export function apiFilters(params: MailFilterParams, timeZone: string): SentFilters {
  const from = day(params.from);
  const to = day(params.to);
  return {
    from: from ? toZoned(from, timeZone).toDate() : undefined,
    to: to ? new Date(toZoned(to.add({ days: 1 }), timeZone).toDate().getTime() - 1) : undefined,
    recipient: params.recipient || undefined,
    event: params.event || undefined,
    status: params.status || undefined,
    companyId: params.company || undefined,
  };
}
