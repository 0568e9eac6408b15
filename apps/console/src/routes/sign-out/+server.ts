import { redirect } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import type { RequestHandler } from './$types';

/**
 * The Sign out button's form posts here when the page's script has not taken over yet; the
 * script calls the same procedure itself. A session already gone still leaves for the sign-in page.
 */
export const POST: RequestHandler = async ({ locals }) => {
  if (locals.auth) {
    try {
      await locals.api.auth.signOut();
    } catch (error) {
      if (!(error instanceof TRPCError && error.code === 'UNAUTHORIZED')) throw error;
    }
  }
  redirect(303, '/sign-in');
};
