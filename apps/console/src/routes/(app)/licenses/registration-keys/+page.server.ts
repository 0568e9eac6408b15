import { requireArea } from '#lib/areas.ts';
import type { PageServerLoad } from './$types';
import { batchesList, keysList } from './keys-params.ts';

export const load = (async ({ locals, url }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  const query = keysList.query(keysList.read(url), { limit: 50 });
  const batchesQuery = batchesList.query({}, { limit: 10 });
  const canGenerate = auth.permissions.includes('registrationKeys.generate');
  const [batches, list, plans] = await Promise.all([
    locals.api.registrationKeys.batches.list(batchesQuery.input),
    locals.api.registrationKeys.list(query.input),
    canGenerate ? locals.api.registrationKeys.plans().then((r) => r.items) : Promise.resolve([]),
  ]);
  return {
    area,
    group,
    query,
    batchesQuery,
    batches,
    list,
    plans,
    timeZone: auth.user.timeZone,
    canGenerate,
    canVoid: auth.permissions.includes('registrationKeys.void'),
  };
}) satisfies PageServerLoad;
