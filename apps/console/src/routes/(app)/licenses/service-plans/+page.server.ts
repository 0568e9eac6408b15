import { requireArea } from '#lib/areas.ts';
import { plansList } from './plans-params.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  const query = plansList.query(plansList.read(url));
  const [list, catalog] = await Promise.all([locals.api.servicePlans.list(query.input), locals.api.servicePlans.catalog()]);
  return {
    area,
    group,
    query,
    list,
    products: catalog.products,
    canModify: auth.permissions.includes('servicePlans.modify'),
    canGenerateKeys: auth.permissions.includes('registrationKeys.generate'),
  };
}) satisfies PageServerLoad;
