import { error } from '@sveltejs/kit';
import { m } from '#lib/paraglide/messages.js';
import type { PageServerLoad } from './$types';
import { movementsList } from './stock-params.ts';

export const load = (async ({ locals, params, url, parent }) => {
  const { can, partner } = await parent();
  // Stock is what the vendor issued a tier-1: the tab is the vendor's, for its tier-1s only.
  if (!can.viewStock || partner.kind !== 'tier1') error(404, { message: m.stock_no_tab() });
  const query = movementsList.query(movementsList.read(url), { partnerId: params.id });
  const [stock, movements] = await Promise.all([
    locals.api.partners.stock.get({ partnerId: params.id }),
    locals.api.partners.stock.movements(query.input),
  ]);
  return { stock, movements, query };
}) satisfies PageServerLoad;
