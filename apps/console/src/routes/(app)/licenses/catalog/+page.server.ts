import { requireArea } from '#lib/areas.ts';
import type { PageServerLoad } from './$types';
import { productsList } from './catalog-params.ts';

export const load = (async ({ locals, url }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  const query = productsList.query(productsList.read(url));
  return { area, group, query, list: await locals.api.catalog.list(query.input), canModify: auth.permissions.includes('catalog.modify') };
}) satisfies PageServerLoad;
