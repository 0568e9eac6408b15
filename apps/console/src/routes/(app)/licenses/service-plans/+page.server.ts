import { requireArea } from '#lib/areas.ts';
import { plansListInput, readPlansParams } from './plans-params.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const { area, group } = requireArea(locals.auth, url);
  const auth = locals.auth!;
  const params = readPlansParams(url);
  const [list, catalog] = await Promise.all([
    locals.api.servicePlans.list(plansListInput(params)),
    locals.api.servicePlans.catalog(),
  ]);
  return {
    area,
    group,
    params,
    list,
    products: catalog.products,
    canModify: auth.permissions.includes('servicePlans.modify'),
    canGenerateKeys: auth.permissions.includes('registrationKeys.generate'),
  };
}) satisfies PageServerLoad;
