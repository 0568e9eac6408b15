import { error } from '@sveltejs/kit';
import { requireArea } from '#lib/areas.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  if (!auth.permissions.includes('usageReports.approve')) {
    error(403, { message: 'Only those who review usage reports change their settings.' });
  }
  const settings = await locals.api.usageReports.settings.get();
  return { area, group, settings, timeZone: auth.user.timeZone };
}) satisfies PageServerLoad;
