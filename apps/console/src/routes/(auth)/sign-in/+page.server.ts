import { redirect } from '@sveltejs/kit';
import { homePath, safeRedirect } from '#lib/areas.ts';
import { actionFailure } from '#lib/server/action-failure.ts';
import type { Actions, PageServerLoad } from './$types';

export const load = (({ locals, url }) => {
  const redirectTo = safeRedirect(url.searchParams.get('redirectTo'));
  if (locals.auth) redirect(303, redirectTo ?? homePath(locals.auth.permissions));
  return { redirectTo };
}) satisfies PageServerLoad;

/**
 * The form's own submission, for a browser that posts it before the page's script has taken
 * over (or without script at all): the same procedure the script calls.
 */
export const actions = {
  default: async ({ locals, request, url }) => {
    const form = await request.formData();
    const email = String(form.get('email') ?? '');
    let home: string;
    try {
      ({ redirectTo: home } = await locals.api.auth.signIn({ email, password: String(form.get('password') ?? '') }));
    } catch (error) {
      return actionFailure(error, { email });
    }
    redirect(303, safeRedirect(url.searchParams.get('redirectTo')) ?? home);
  },
} satisfies Actions;
