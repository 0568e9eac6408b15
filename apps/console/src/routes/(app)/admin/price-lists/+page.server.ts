import { requireArea } from '#lib/areas.ts';
import { loadPriceList } from '#lib/server/price-lists.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  return { area, group, priceList: await loadPriceList(locals.api, auth, url) };
}) satisfies PageServerLoad;
