import { error } from '@sveltejs/kit';
import { trpcErrorCode } from '#lib/api-errors.ts';
import { requireArea } from '#lib/areas.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url, params }) => {
  const { area, auth } = requireArea(locals.auth, url);
  try {
    const [plan, catalog] = await Promise.all([
      locals.api.servicePlans.get({ id: params.id }),
      locals.api.servicePlans.catalog(),
    ]);
    return {
      area,
      plan,
      catalog,
      timeZone: auth.user.timeZone,
      canModify: auth.permissions.includes('servicePlans.modify'),
      canGenerateKeys: auth.permissions.includes('registrationKeys.generate'),
    };
  } catch (cause) {
    const code = trpcErrorCode(cause);
    // A malformed id is as absent as an unknown one.
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') {
      error(404, { message: 'This service plan was not found. It does not exist, or it is not one of your plans.' });
    }
    throw cause;
  }
}) satisfies PageServerLoad;
