import { ZListAccountsInput } from '@keyway/core/company';
import { defineListParams, sortParams } from '#lib/components/list/list-params.ts';
import type { RouterInputs, RouterOutputs } from '#lib/trpc.ts';

export type AccountsList = RouterOutputs['company']['accounts']['list'];
export type Account = AccountsList['items'][number];
export type AccountRole = Account['role'];
export type AccountStatus = Account['status'];
export type Language = NonNullable<RouterInputs['company']['accounts']['update']['language']>;

/**
 * The accounts table's filters and sort as they appear in the page's address, read on the server
 * against the procedure's input schema.
 */
export const accountsList = defineListParams(ZListAccountsInput, {
  q: { path: 'filters.query' },
  role: { path: 'filters.role' },
  status: { path: 'filters.status' },
  ...sortParams('sort.field'),
});

export type AccountsParams = ReturnType<typeof accountsList.read>;

export const DEFAULT_PARAMS: AccountsParams = accountsList.defaults;

export const readAccountsParams = (url: URL) => accountsList.read(url);

/** `company.accounts.list` input for these params; `companyId` for a partner's or customer's tab. */
export const accountsListInput = (params: AccountsParams, companyId?: string, cursor?: string) =>
  accountsList.input(params, { companyId, cursor, limit: 25 });

/** The address with these params, keeping whatever else it carries (a tab, say); defaults left out. */
export function accountsHref(url: { pathname: string; searchParams: { toString(): string } }, params: AccountsParams): string {
  const search = new URLSearchParams(url.searchParams.toString());
  for (const key of accountsList.keys) search.delete(key);
  for (const [key, value] of new URLSearchParams(accountsList.search(params))) search.set(key, value);
  const query = search.toString();
  return url.pathname + (query ? `?${query}` : '');
}
