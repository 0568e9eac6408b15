import { error } from '@sveltejs/kit';
import { requireArea } from '#lib/areas.ts';
import { profileOptions } from '#lib/components/accounts/profile-options.server.ts';
import type { PageServerLoad } from './$types';

export const load = (({ locals, url }) => {
  const { area } = requireArea(locals.auth, url);
  const auth = locals.auth!;
  if (!auth.permissions.includes('partners.create')) {
    error(403, { message: 'Your account does not have permission to create partners.' });
  }
  return {
    area,
    options: profileOptions(),
    timeZone: auth.user.timeZone,
    language: auth.user.language,
    /** The vendor creates tier-1s (distributors, ISPs); a tier-1 creates MSPs and resellers. */
    creates: auth.tier === 'vendor' ? ('tier1' as const) : ('tier2' as const),
  };
}) satisfies PageServerLoad;
