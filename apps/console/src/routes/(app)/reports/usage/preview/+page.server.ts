import { requireArea } from '#lib/areas.ts';
import { reportingPartners } from '#lib/server/usage-reports.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  // A tier-1 may look at one of its MSPs' month so far (`?partner=`), or at its own direct customers'.
  const partners = auth.tier === 'tier1' ? await reportingPartners(locals.api, auth) : [];
  const partner = partners.find((candidate) => candidate.id === url.searchParams.get('partner')) ?? null;
  const preview = await locals.api.usageReports.preview({ companyId: partner?.id });
  return {
    area,
    group,
    preview,
    partners,
    partner,
    company: { id: auth.company.id, name: auth.company.name },
    timeZone: auth.user.timeZone,
    can: { approve: auth.permissions.includes('usageReports.approve') },
  };
}) satisfies PageServerLoad;
