import { error } from '@sveltejs/kit';
import { requireArea } from '#lib/areas.ts';
import { m } from '#lib/paraglide/messages.js';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  if (!auth.permissions.includes('usageReports.approve')) {
    error(403, { message: m.usage_reports_settings_forbidden() });
  }
  const settings = await locals.api.usageReports.settings.get();
  return { area, group, settings, timeZone: auth.user.timeZone };
}) satisfies PageServerLoad;
