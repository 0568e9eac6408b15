import type { RouterInputs, RouterOutputs } from '#lib/trpc.ts';

type ListInput = RouterInputs['customers']['list'];
export type CustomersList = RouterOutputs['customers']['list'];
export type CustomerRow = CustomersList['items'][number];
export type CustomerFilters = NonNullable<ListInput['filters']>;
export type CustomerSort = NonNullable<NonNullable<ListInput['sort']>['by']>;
export type CustomerCursor = NonNullable<ListInput['cursor']>;
export type CustomerStatus = NonNullable<CustomerFilters['status']>;
export type CustomerLicenseStatus = NonNullable<CustomerFilters['licenseStatus']>;

/** The customers list's filters and sort as they stand in the address (`?status=enabled`). */
export interface CustomersParams {
  q: string;
  status: CustomerStatus | '';
  /** A partner's id, `direct` for the customers a tier-1 manages itself, or empty for all. */
  partner: string;
  /** A product's id: customers with a license of it. */
  product: string;
  /** normal | expiring-soon | expired: customers with a license in that status. */
  license: CustomerLicenseStatus | '';
  sort: CustomerSort;
  dir: 'asc' | 'desc';
}

export const CUSTOMERS_PAGE_SIZE = 25;
export const DIRECT = 'direct';

export const DEFAULT_CUSTOMERS_PARAMS: CustomersParams = { q: '', status: '', partner: '', product: '', license: '', sort: 'name', dir: 'asc' };

const LICENSE_STATUSES: CustomerLicenseStatus[] = ['normal', 'expiring-soon', 'expired'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SORTS: CustomerSort[] = ['name', 'accountName', 'createdAt'];

/** Reads the params, dropping what the API would refuse rather than failing the page. */
export function readCustomersParams(url: URL): CustomersParams {
  const get = (key: string) => url.searchParams.get(key)?.trim() ?? '';
  const status = get('status');
  const partner = get('partner');
  const product = get('product');
  const license = get('license') as CustomerLicenseStatus;
  const sort = get('sort') as CustomerSort;
  return {
    q: get('q').slice(0, 100),
    status: status === 'enabled' || status === 'disabled' ? status : '',
    partner: partner === DIRECT || UUID.test(partner) ? partner.toLowerCase() : '',
    product: UUID.test(product) ? product.toLowerCase() : '',
    license: LICENSE_STATUSES.includes(license) ? license : '',
    sort: SORTS.includes(sort) ? sort : 'name',
    dir: get('dir') === 'desc' ? 'desc' : 'asc',
  };
}

/** The API's filters: shared by the list, "Load more" and the export. */
export function customerFilters(params: CustomersParams): CustomerFilters {
  return {
    query: params.q || undefined,
    status: params.status || undefined,
    partnerId: params.partner && params.partner !== DIRECT ? params.partner : undefined,
    direct: params.partner === DIRECT ? true : undefined,
    productId: params.product || undefined,
    licenseStatus: params.license || undefined,
  };
}

export function customersListInput(params: CustomersParams, cursor?: CustomerCursor) {
  return {
    cursor,
    limit: CUSTOMERS_PAGE_SIZE,
    sort: { by: params.sort, direction: params.dir },
    filters: customerFilters(params),
  } satisfies ListInput;
}

/** The query string for these params, defaults left out. */
export function customersSearch(params: CustomersParams): string {
  const search = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_CUSTOMERS_PARAMS) as (keyof CustomersParams)[]) {
    if (params[key] !== DEFAULT_CUSTOMERS_PARAMS[key]) search.set(key, params[key]);
  }
  const query = search.toString();
  return query ? `?${query}` : '';
}

export function hasCustomerFilters(params: CustomersParams): boolean {
  return Boolean(params.q || params.status || params.partner || params.product || params.license);
}

/** "25 customers", "10,000+ customers": the count stops at a cap rather than scanning a million rows. */
export function customersCount(list: { total: number; totalIsCapped: boolean }): string {
  const count = new Intl.NumberFormat('en').format(list.total);
  return `${count}${list.totalIsCapped ? '+' : ''} ${list.total === 1 && !list.totalIsCapped ? 'customer' : 'customers'}`;
}
