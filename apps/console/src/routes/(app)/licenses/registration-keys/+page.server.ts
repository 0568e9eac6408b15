import { requireArea } from '#lib/areas.ts';
import type { PageServerLoad } from './$types';
import { keyFilters, readKeysParams } from './keys-params.ts';

export const load = (async ({ locals, url }) => {
  const { area, group } = requireArea(locals.auth, url);
  const auth = locals.auth!;
  const params = readKeysParams(url);
  const canGenerate = auth.permissions.includes('registrationKeys.generate');
  const [batches, list, plans] = await Promise.all([
    locals.api.registrationKeys.batches.list({ limit: 10 }),
    locals.api.registrationKeys.list({ limit: 50, filters: keyFilters(params) }),
    canGenerate ? locals.api.registrationKeys.plans().then((r) => r.items) : Promise.resolve([]),
  ]);
  return {
    area,
    group,
    params,
    batches,
    list,
    plans,
    timeZone: auth.user.timeZone,
    canGenerate,
    canVoid: auth.permissions.includes('registrationKeys.void'),
  };
}) satisfies PageServerLoad;
