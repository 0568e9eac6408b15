import { requireArea } from '#lib/areas.ts';
import { partnersList } from '#lib/components/partners/partners-params.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  const query = partnersList.query(partnersList.read(url));
  const [list, licenseFilters] = await Promise.all([locals.api.partners.list(query.input), locals.api.search.licenseFilterOptions()]);
  return {
    area,
    group,
    query,
    list,
    licenseFilters,
    timeZone: auth.user.timeZone,
    /** The vendor's partners are tier-1s (distributors, ISPs); a tier-1's are MSPs and resellers. */
    partnerTypes: auth.tier === 'vendor' ? (['distributor', 'isp'] as const) : (['msp', 'reseller'] as const),
    canCreate: auth.permissions.includes('partners.create'),
  };
}) satisfies PageServerLoad;
