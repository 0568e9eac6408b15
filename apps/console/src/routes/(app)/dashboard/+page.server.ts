import { requireArea } from '#lib/areas.ts';
import type { PageServerLoad } from './$types';
import { billingWidgets } from './billing.ts';
import { usageWidgets } from './usage.ts';
import { licenseWidgets } from './widgets.ts';
import { SEARCH_PAGE_SIZE, canSearch, normalizeQuery, parseKind, parseLicenseStatus, parseProduct } from './search.ts';

export const load = (async ({ locals, url }) => {
  const { auth } = requireArea(locals.auth, url);
  const searchable = locals.auth !== null && canSearch(locals.auth.permissions);
  const query = searchable ? normalizeQuery(url.searchParams.get('q')) : '';
  const kind = parseKind(url.searchParams.get('kind'));
  const productId = parseProduct(url.searchParams.get('product'));
  const licenseStatus = parseLicenseStatus(url.searchParams.get('license'));
  const [summary, results, licenseFilters, usage, billing, licenses] = await Promise.all([
    locals.api.dashboard.summary(),
    query
      ? locals.api.search.companies({
          query,
          kind,
          productId: productId || undefined,
          licenseStatus: licenseStatus || undefined,
          limit: SEARCH_PAGE_SIZE,
        })
      : null,
    searchable ? locals.api.search.licenseFilterOptions() : null,
    usageWidgets(locals.api, auth),
    billingWidgets(locals.api, auth),
    licenseWidgets(locals.api, auth),
  ]);
  return { searchable, query, kind, productId, licenseStatus, licenseFilters, summary, results, usage, billing, licenses };
}) satisfies PageServerLoad;
