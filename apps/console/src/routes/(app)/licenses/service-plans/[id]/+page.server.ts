import { requireArea } from '#lib/areas.ts';
import { orNotFound } from '#lib/server/not-found.ts';
import { m } from '#lib/paraglide/messages.js';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url, params }) => {
  const { area, auth } = requireArea(locals.auth, url);
  const [plan, catalog] = await orNotFound(m.plans_not_found(), () =>
    Promise.all([locals.api.servicePlans.get({ id: params.id }), locals.api.servicePlans.catalog()]),
  );
  return {
    area,
    plan,
    catalog,
    timeZone: auth.user.timeZone,
    canModify: auth.permissions.includes('servicePlans.modify'),
    canGenerateKeys: auth.permissions.includes('registrationKeys.generate'),
  };
}) satisfies PageServerLoad;
