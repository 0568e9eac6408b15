import { redirect } from '@sveltejs/kit';
import { homePath } from '#lib/areas.ts';
import type { PageServerLoad } from './$types';

export const load = (({ locals }) => {
  redirect(303, locals.auth ? homePath(locals.auth.permissions) : '/sign-in');
}) satisfies PageServerLoad;
