import { requireArea } from '#lib/areas.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  const preview = await locals.api.usageReports.preview({});
  return {
    area,
    group,
    preview,
    timeZone: auth.user.timeZone,
    can: { approve: auth.permissions.includes('usageReports.approve') },
  };
}) satisfies PageServerLoad;
