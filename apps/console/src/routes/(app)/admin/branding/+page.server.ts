import { requireArea } from '#lib/areas.ts';
import { endpointsList, legalList } from './branding-params.ts';
import { BRANDING_PAGE_SIZE } from './page-size.ts';
import type { PageServerLoad } from './$types';

export type BrandingTab = 'legal' | 'data-centers' | 'regional-services';

export const load = (async ({ locals, url }) => {
  const { area, group } = requireArea(locals.auth, url);
  const documentsQuery = legalList.query(legalList.read(url), { limit: BRANDING_PAGE_SIZE });
  const endpointsQuery = endpointsList.query({}, { limit: BRANDING_PAGE_SIZE });
  const [documents, dataCenters, regionalServices, products] = await Promise.all([
    locals.api.branding.legalDocuments.list(documentsQuery.input),
    locals.api.branding.dataCenters.list(endpointsQuery.input),
    locals.api.branding.regionalServices.list(endpointsQuery.input),
    locals.api.branding.legalDocuments.products(),
  ]);
  return {
    area,
    group,
    tab: (documentsQuery.params.tab || 'legal') as BrandingTab,
    documents,
    documentsQuery,
    dataCenters,
    regionalServices,
    endpointsQuery,
    products,
  };
}) satisfies PageServerLoad;
