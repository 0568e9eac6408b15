import { requireArea } from '#lib/areas.ts';
import { orNotFound } from '#lib/server/not-found.ts';
import { m } from '#lib/paraglide/messages.js';
import type { PageServerLoad } from './$types';
import { batchesList, keysList } from './keys-params.ts';

export const load = (async ({ locals, url }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  const query = keysList.query(keysList.read(url), { limit: 50 });
  const batchesQuery = batchesList.query({}, { limit: 10 });
  const canGenerate = auth.permissions.includes('registrationKeys.generate');
  // `?key=<id>` is a key's own address: its detail opens over the list, after a reload too, and an
  // id outside the caller's keys is as unknown as one that never was.
  const keyId = url.searchParams.get('key');
  const [key, batches, list, plans] = await Promise.all([
    keyId === null ? null : orNotFound(m.keys_no_such_key(), () => locals.api.registrationKeys.get({ id: Number(keyId) })),
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
    key,
    timeZone: auth.user.timeZone,
    canGenerate,
    canVoid: auth.permissions.includes('registrationKeys.void'),
  };
}) satisfies PageServerLoad;
