import { error } from '@sveltejs/kit';
import { requireArea } from '#lib/areas.ts';
import { profileOptions } from '#lib/components/accounts/profile-options.server.ts';
import type { PageServerLoad } from './$types';

export const load = (({ locals, url }) => {
  const { area, auth } = requireArea(locals.auth, url);
  if (!auth.permissions.includes('customers.create')) {
    error(403, { message: 'Your account does not have permission to create customers.' });
  }
  return { area, options: profileOptions(), timeZone: auth.user.timeZone, language: auth.user.language };
}) satisfies PageServerLoad;
