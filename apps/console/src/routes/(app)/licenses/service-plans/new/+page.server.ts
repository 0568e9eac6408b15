import { error } from '@sveltejs/kit';
import { requireArea } from '#lib/areas.ts';
import { m } from '#lib/paraglide/messages.js';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const { area, auth } = requireArea(locals.auth, url);
  if (!auth.permissions.includes('servicePlans.modify')) {
    error(403, { message: m.plans_no_create_permission() });
  }
  return { area, catalog: await locals.api.servicePlans.catalog() };
}) satisfies PageServerLoad;
