import type { RouterInputs, RouterOutputs } from '#lib/trpc.ts';

type ListInput = RouterInputs['servicePlans']['list'];
export type PlansList = RouterOutputs['servicePlans']['list'];
export type PlanRow = PlansList['items'][number];
export type PlanSort = NonNullable<NonNullable<ListInput['sort']>['by']>;
export type PlanCursor = NonNullable<ListInput['cursor']>;

/** The service plans list's filters and sort as they stand in the address. */
export interface PlansParams {
  q: string;
  product: string;
  type: 'trial' | 'full' | '';
  status: 'enabled' | 'disabled' | 'locked' | '';
  nfr: 'yes' | 'no' | '';
  sort: PlanSort;
  dir: 'asc' | 'desc';
}

export const PLANS_PAGE_SIZE = 25;

export const DEFAULT_PLANS_PARAMS: PlansParams = { q: '', product: '', type: '', status: '', nfr: '', sort: 'name', dir: 'asc' };

const SORTS: PlanSort[] = ['name', 'product', 'versionType', 'initialPeriodMonths', 'createdAt', 'enabled'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the params, dropping what the API would refuse rather than failing the page. */
export function readPlansParams(url: URL): PlansParams {
  const get = (key: string) => url.searchParams.get(key)?.trim() ?? '';
  const type = get('type');
  const status = get('status');
  const nfr = get('nfr');
  return {
    q: get('q').slice(0, 100),
    product: UUID.test(get('product')) ? get('product') : '',
    type: type === 'trial' || type === 'full' ? type : '',
    status: status === 'enabled' || status === 'disabled' || status === 'locked' ? status : '',
    nfr: nfr === 'yes' || nfr === 'no' ? nfr : '',
    sort: SORTS.includes(get('sort') as PlanSort) ? (get('sort') as PlanSort) : 'name',
    dir: get('dir') === 'desc' ? 'desc' : 'asc',
  };
}

/** The API's input: the first page, or the one after `cursor` for "Load more". */
export function plansListInput(params: PlansParams, cursor?: PlanCursor) {
  return {
    cursor,
    limit: PLANS_PAGE_SIZE,
    sort: { by: params.sort, direction: params.dir },
    filters: {
      query: params.q || undefined,
      productId: params.product || undefined,
      versionType: params.type || undefined,
      enabled: params.status === 'enabled' ? true : params.status === 'disabled' ? false : undefined,
      locked: params.status === 'locked' ? true : undefined,
      nfr: params.nfr === 'yes' ? true : params.nfr === 'no' ? false : undefined,
    },
  } satisfies ListInput;
}

/** The query string for these params, defaults left out. */
export function plansSearch(params: PlansParams): string {
  const search = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_PLANS_PARAMS) as (keyof PlansParams)[]) {
    if (params[key] !== DEFAULT_PLANS_PARAMS[key]) search.set(key, params[key]);
  }
  const query = search.toString();
  return query ? `?${query}` : '';
}

export function hasPlanFilters(params: PlansParams): boolean {
  return Boolean(params.q || params.product || params.type || params.status || params.nfr);
}

export const versionLabel = (type: 'trial' | 'full') => (type === 'trial' ? 'Trial' : 'Full');

export const periodLabel = (months: number) => (months === 1 ? '1 month' : `${months} months`);

export const activationLabel = (policy: 'on-assignment' | 'first-sign-in') =>
  policy === 'on-assignment' ? 'On assignment' : 'At first sign-in';
