import { error } from '@sveltejs/kit';
import { requireArea } from '#lib/areas.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const { area, auth } = requireArea(locals.auth, url);
  if (!auth.permissions.includes('servicePlans.modify')) {
    error(403, { message: 'Your account does not have permission to create service plans.' });
  }
  return { area, catalog: await locals.api.servicePlans.catalog() };
}) satisfies PageServerLoad;
