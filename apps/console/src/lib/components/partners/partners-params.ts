import type { RouterInputs, RouterOutputs } from '#lib/trpc.ts';

type ListInput = RouterInputs['partners']['list'];
export type PartnersList = RouterOutputs['partners']['list'];
export type PartnerRow = PartnersList['items'][number];
export type PartnerSort = NonNullable<NonNullable<ListInput['sort']>['by']>;
export type PartnerStatus = NonNullable<NonNullable<ListInput['filters']>['status']>;
export type PartnerType = NonNullable<NonNullable<ListInput['filters']>['type']>;
export type PartnerLicenseStatus = NonNullable<NonNullable<ListInput['filters']>['licenseStatus']>;
export type PartnerCursor = NonNullable<ListInput['cursor']>;

/** The partners list's filters and sort as they stand in the address (`?status=active`). */
export interface PartnersParams {
  q: string;
  status: PartnerStatus | '';
  type: PartnerType | '';
  /** A product's id: partners selling it (with a license status: whose customers' licenses of it are in it). */
  product: string;
  /** normal | expiring-soon | expired: partners whose customers have a license in that status. */
  license: PartnerLicenseStatus | '';
  sort: PartnerSort;
  dir: 'asc' | 'desc';
}

export const PARTNERS_PAGE_SIZE = 25;

export const DEFAULT_PARTNERS_PARAMS: PartnersParams = { q: '', status: '', type: '', product: '', license: '', sort: 'name', dir: 'asc' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LICENSE_STATUSES: PartnerLicenseStatus[] = ['normal', 'expiring-soon', 'expired'];

const STATUSES: PartnerStatus[] = ['active', 'suspended', 'canceled'];
const TYPES: PartnerType[] = ['msp', 'reseller', 'distributor', 'isp'];
const SORTS: PartnerSort[] = ['name', 'accountName', 'createdAt', 'status', 'type'];

/** Reads the params, dropping what the API would refuse rather than failing the page. */
export function readPartnersParams(url: URL): PartnersParams {
  const get = (key: string) => url.searchParams.get(key)?.trim() ?? '';
  return {
    q: get('q').slice(0, 100),
    status: STATUSES.includes(get('status') as PartnerStatus) ? (get('status') as PartnerStatus) : '',
    type: TYPES.includes(get('type') as PartnerType) ? (get('type') as PartnerType) : '',
    product: UUID.test(get('product')) ? get('product').toLowerCase() : '',
    license: LICENSE_STATUSES.includes(get('license') as PartnerLicenseStatus) ? (get('license') as PartnerLicenseStatus) : '',
    sort: SORTS.includes(get('sort') as PartnerSort) ? (get('sort') as PartnerSort) : 'name',
    dir: get('dir') === 'desc' ? 'desc' : 'asc',
  };
}

/** The API's input: the first page, or the one after `cursor` for "Load more". */
export function partnersListInput(params: PartnersParams, cursor?: PartnerCursor) {
  return {
    cursor,
    limit: PARTNERS_PAGE_SIZE,
    sort: { by: params.sort, direction: params.dir },
    filters: {
      query: params.q || undefined,
      status: params.status || undefined,
      type: params.type || undefined,
      productId: params.product || undefined,
      licenseStatus: params.license || undefined,
    },
  } satisfies ListInput;
}

/** The query string for these params, defaults left out. */
export function partnersSearch(params: PartnersParams): string {
  const search = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_PARTNERS_PARAMS) as (keyof PartnersParams)[]) {
    if (params[key] !== DEFAULT_PARTNERS_PARAMS[key]) search.set(key, params[key]);
  }
  const query = search.toString();
  return query ? `?${query}` : '';
}

export function hasPartnerFilters(params: PartnersParams): boolean {
  return Boolean(params.q || params.status || params.type || params.product || params.license);
}
