import { error, redirect } from '@sveltejs/kit';
import { trpcErrorCode } from '#lib/api-errors.ts';
import { requireArea } from '#lib/areas.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  // Company Information opens for support staff too; its API keys only for Administrators.
  if (!auth.permissions.includes('company.apiKeys')) error(403, { message: 'Only Administrators manage API keys.' });
  const cursor = url.searchParams.get('cursor') ?? undefined;
  let keys;
  try {
    keys = await locals.api.company.apiKeys.list({ cursor, limit: 25 });
  } catch (cause) {
    // A page link that no longer fits the list: start again from the first page.
    if (cursor !== undefined && trpcErrorCode(cause) === 'BAD_REQUEST') redirect(303, url.pathname);
    throw cause;
  }
  return { area, group, keys, paged: cursor !== undefined, timeZone: auth.user.timeZone };
}) satisfies PageServerLoad;
