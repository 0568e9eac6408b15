import { redirect } from '@sveltejs/kit';
import { homePath, safeRedirect } from '#lib/areas.ts';
import type { PageServerLoad } from './$types';

export const load = (({ locals, url }) => {
  const redirectTo = safeRedirect(url.searchParams.get('redirectTo'));
  if (locals.auth) redirect(303, redirectTo ?? homePath(locals.auth.permissions));
  return { redirectTo };
}) satisfies PageServerLoad;
