import { error } from '@sveltejs/kit';
import { requireArea } from '#lib/areas.ts';
import { trpcErrorCode } from '#lib/api-errors.ts';
import { m } from '#lib/paraglide/messages.js';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url, params }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  try {
    const batch = await locals.api.registrationKeys.batches.get({ id: params.id });
    return { area, group, batch, timeZone: auth.user.timeZone };
  } catch (cause) {
    const code = trpcErrorCode(cause);
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') error(404, m.keys_batch_not_found());
    throw cause;
  }
}) satisfies PageServerLoad;
