import { redirect } from '@sveltejs/kit';
import { signInPath } from '#lib/areas.ts';
import type { LayoutServerLoad } from './$types';

export const load = (({ locals, url }) => {
  if (!locals.auth) redirect(303, signInPath(url));
  // The session's id stays on the server; the page needs only who is signed in and what they may do.
  const { session: _session, ...auth } = locals.auth;
  return { auth };
}) satisfies LayoutServerLoad;
