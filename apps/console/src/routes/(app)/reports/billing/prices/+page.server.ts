import { error } from '@sveltejs/kit';
import { requireArea } from '#lib/areas.ts';
import { m } from '#lib/paraglide/messages.js';
import { loadPriceList } from '#lib/server/price-lists.ts';
import type { PageServerLoad } from './$types';

/** A tier-1's own prices, margins and billing currency, read-only (the vendor's are under Administration → Price Lists). */
export const load = (async ({ locals, url }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  if (auth.tier !== 'tier1' || !auth.permissions.includes('priceLists.view')) {
    error(404, { message: m.reports_page_missing() });
  }
  return { area, group, priceList: await loadPriceList(locals.api, auth, url) };
}) satisfies PageServerLoad;
