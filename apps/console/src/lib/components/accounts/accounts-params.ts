import type { RouterInputs, RouterOutputs } from '#lib/trpc.ts';

export type AccountsList = RouterOutputs['company']['accounts']['list'];
export type Account = AccountsList['items'][number];
export type AccountRole = Account['role'];
type ListInput = RouterInputs['company']['accounts']['list'];
export type SortField = NonNullable<NonNullable<ListInput['sort']>['field']>;
export type AccountStatus = Account['status'];
export type Language = NonNullable<RouterInputs['company']['accounts']['update']['language']>;

/** The accounts table's filters and sort as they appear in the page's address. */
export interface AccountsParams {
  q: string;
  role: AccountRole | '';
  status: AccountStatus | '';
  sort: SortField;
  dir: 'asc' | 'desc';
}

export const PAGE_SIZE = 25;

const SORT_FIELDS: SortField[] = ['name', 'email', 'role', 'status', 'lastSignInAt', 'createdAt'];
const ROLES: AccountRole[] = [
  'admin',
  'customer_account_manager',
  'partner_account_manager',
  'license_manager',
  'support_manager',
  'support_engineer',
  'billing_manager',
];

export const DEFAULT_PARAMS: AccountsParams = { q: '', role: '', status: '', sort: 'name', dir: 'asc' };

export function readAccountsParams(url: URL): AccountsParams {
  const get = (key: string) => url.searchParams.get(key) ?? '';
  const role = get('role') as AccountRole;
  const status = get('status');
  const sort = get('sort') as SortField;
  return {
    q: get('q').trim().slice(0, 254),
    role: ROLES.includes(role) ? role : '',
    status: status === 'active' || status === 'disabled' ? status : '',
    sort: SORT_FIELDS.includes(sort) ? sort : 'name',
    dir: get('dir') === 'desc' ? 'desc' : 'asc',
  };
}

/** `company.accounts.list` input for these params; `companyId` for a partner's or customer's tab. */
export function accountsListInput(params: AccountsParams, companyId?: string, cursor?: string) {
  return {
    companyId,
    cursor,
    limit: PAGE_SIZE,
    sort: { field: params.sort, direction: params.dir },
    filters: {
      query: params.q || undefined,
      role: params.role || undefined,
      status: params.status || undefined,
    },
  } satisfies ListInput;
}

/** The address with these params, keeping whatever else it carries (a tab, say); defaults left out. */
export function accountsHref(url: { pathname: string; searchParams: { toString(): string } }, params: AccountsParams): string {
  const search = new URLSearchParams(url.searchParams.toString());
  for (const key of Object.keys(DEFAULT_PARAMS) as (keyof AccountsParams)[]) {
    if (params[key] && params[key] !== DEFAULT_PARAMS[key]) search.set(key, params[key]);
    else search.delete(key);
  }
  const query = search.toString();
  return url.pathname + (query ? `?${query}` : '');
}

export function hasFilters(params: AccountsParams): boolean {
  return Boolean(params.q || params.role || params.status);
}
