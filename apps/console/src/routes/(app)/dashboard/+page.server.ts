import { requireArea } from '#lib/areas.ts';
import type { PageServerLoad } from './$types';
import { SEARCH_PAGE_SIZE, canSearch, normalizeQuery, parseKind } from './search.ts';

export const load = (async ({ locals, url }) => {
  requireArea(locals.auth, url);
  const searchable = locals.auth !== null && canSearch(locals.auth.permissions);
  const query = searchable ? normalizeQuery(url.searchParams.get('q')) : '';
  const kind = parseKind(url.searchParams.get('kind'));
  const [summary, results] = await Promise.all([
    locals.api.dashboard.summary(),
    query ? locals.api.search.companies({ query, kind, limit: SEARCH_PAGE_SIZE }) : null,
  ]);
  return { searchable, query, kind, summary, results };
}) satisfies PageServerLoad;
