import type { RouterInputs, RouterOutputs } from '#lib/trpc.ts';

type ListInput = RouterInputs['transactions']['list'];
export type TransactionsList = RouterOutputs['transactions']['list'];
export type TransactionRow = TransactionsList['items'][number];
export type TransactionFilters = NonNullable<ListInput['filters']>;
export type TransactionCursor = NonNullable<ListInput['cursor']>;
export type TransactionType = NonNullable<TransactionFilters['type']>;

/** The Customer Transactions filters as they stand in the address (`?type=new-purchase&month=2026-11`). */
export interface TransactionsParams {
  type: TransactionType | '';
  product: string;
  /** `YYYY-MM`. */
  month: string;
  /** A customer's or partner's id. */
  company: string;
}

export const TRANSACTIONS_PAGE_SIZE = 50;
export const DEFAULT_TRANSACTIONS_PARAMS: TransactionsParams = { type: '', product: '', month: '', company: '' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TYPES: TransactionType[] = ['new-purchase', 'license-change', 'conversion', 'discontinue', 'suite-composition-change'];

/** Reads the params, dropping what the API would refuse rather than failing the page. */
export function readTransactionsParams(url: URL): TransactionsParams {
  const get = (key: string) => url.searchParams.get(key)?.trim() ?? '';
  const type = get('type') as TransactionType;
  const product = get('product');
  const month = get('month');
  const company = get('company');
  return {
    type: TYPES.includes(type) ? type : '',
    product: UUID.test(product) ? product.toLowerCase() : '',
    month: /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : '',
    company: UUID.test(company) ? company.toLowerCase() : '',
  };
}

/** The API's filters: shared by the list, "Load more" and the export. */
export function transactionFilters(params: TransactionsParams, timeZone: string): TransactionFilters {
  return {
    type: params.type || undefined,
    productId: params.product || undefined,
    month: params.month || undefined,
    companyId: params.company || undefined,
    timeZone,
  };
}

export function transactionsListInput(params: TransactionsParams, timeZone: string, cursor?: TransactionCursor) {
  return {
    cursor,
    limit: TRANSACTIONS_PAGE_SIZE,
    sort: { by: 'at', direction: 'desc' },
    filters: transactionFilters(params, timeZone),
  } satisfies ListInput;
}

/** The query string for these params, defaults left out. */
export function transactionsSearch(params: TransactionsParams): string {
  const search = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_TRANSACTIONS_PARAMS) as (keyof TransactionsParams)[]) {
    if (params[key]) search.set(key, params[key]);
  }
  const query = search.toString();
  return query ? `?${query}` : '';
}

export const hasTransactionFilters = (params: TransactionsParams) =>
  Boolean(params.type || params.product || params.month || params.company);

/** "25 transactions", "10,000+ transactions". */
export function transactionsCount(list: { total: number; totalIsCapped: boolean }): string {
  const count = new Intl.NumberFormat('en').format(list.total);
  return `${count}${list.totalIsCapped ? '+' : ''} ${list.total === 1 && !list.totalIsCapped ? 'transaction' : 'transactions'}`;
}

/** "+5", "−3", "0": a change of units, signed. */
export const formatChange = (change: number) => (change > 0 ? `+${change}` : change < 0 ? `−${-change}` : '0');

/** "15 Mar 2030, 14:05" in the person's zone. */
export function formatMoment(value: Date | string, timeZone: string): string {
  const date = new Date(value);
  try {
    return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone }).format(date);
  } catch {
    return date.toISOString().slice(0, 16).replace('T', ' ');
  }
}

/** A calendar day as "15 Mar 2030" (dates carry no zone). */
export function formatCalendarDay(day: string | null): string {
  if (!day) return '—';
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}
