import { requireArea } from '#lib/areas.ts';
import { billingLabels } from '#lib/server/billing-reports.ts';
import { orNotFound } from '#lib/server/not-found.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url, params }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  const [report, history] = await orNotFound('This billing report was not found. It does not exist, or it is not one you may see.', () =>
    Promise.all([locals.api.billingReports.get({ reportId: params.id }), locals.api.billingReports.history({ reportId: params.id })]),
  );
  return { area, group, report, history, labels: billingLabels, timeZone: auth.user.timeZone };
}) satisfies PageServerLoad;
