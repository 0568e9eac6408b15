import { LANGUAGES } from '@keyway/core';
import { requireArea } from '#lib/areas.ts';
import { BRANDING_PAGE_SIZE } from './page-size.ts';
import type { PageServerLoad } from './$types';

const TABS = ['legal', 'data-centers', 'regional-services'] as const;
export type BrandingTab = (typeof TABS)[number];

export const load = (async ({ locals, url }) => {
  const { area, group } = requireArea(locals.auth, url);
  const tabParam = url.searchParams.get('tab');
  const tab: BrandingTab = TABS.find((t) => t === tabParam) ?? 'legal';
  const kind = url.searchParams.get('kind');
  const language = url.searchParams.get('language');
  const status = url.searchParams.get('status');
  const product = url.searchParams.get('product');
  const filters = {
    kind: kind === 'eula' || kind === 'privacy' ? (kind as 'eula' | 'privacy') : undefined,
    language: LANGUAGES.find((l) => l === language),
    status: status === 'draft' || status === 'published' ? (status as 'draft' | 'published') : undefined,
    productId: product && /^[0-9a-f-]{36}$/.test(product) ? product : undefined,
  };
  const documentsInput = { limit: BRANDING_PAGE_SIZE, filters };
  const [documents, dataCenters, regionalServices, products] = await Promise.all([
    locals.api.branding.legalDocuments.list(documentsInput),
    locals.api.branding.dataCenters.list({ limit: BRANDING_PAGE_SIZE }),
    locals.api.branding.regionalServices.list({ limit: BRANDING_PAGE_SIZE }),
    locals.api.branding.legalDocuments.products(),
  ]);
  return {
    area,
    group,
    tab,
    filters: { kind: filters.kind ?? '', language: filters.language ?? '', status: filters.status ?? '', product: filters.productId ?? '' },
    documents,
    /** The first page's input, for "Load more" under the same filters. */
    documentsInput,
    dataCenters,
    regionalServices,
    products,
  };
}) satisfies PageServerLoad;
