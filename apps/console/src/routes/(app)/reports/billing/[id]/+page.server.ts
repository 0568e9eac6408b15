import { error } from '@sveltejs/kit';
import { trpcErrorCode } from '#lib/api-errors.ts';
import { requireArea } from '#lib/areas.ts';
import { billingLabels } from '#lib/server/billing-reports.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url, params }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  try {
    const [report, history] = await Promise.all([
      locals.api.billingReports.get({ reportId: params.id }),
      locals.api.billingReports.history({ reportId: params.id }),
    ]);
    return { area, group, report, history, labels: billingLabels, timeZone: auth.user.timeZone };
  } catch (cause) {
    const code = trpcErrorCode(cause);
    // A malformed id is as absent as an unknown one, and one outside the caller's view too.
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') {
      error(404, { message: 'This billing report was not found. It does not exist, or it is not one you may see.' });
    }
    throw cause;
  }
}) satisfies PageServerLoad;
