import { requireArea } from '#lib/areas.ts';
import { orNotFound } from '#lib/server/not-found.ts';
import { m } from '#lib/paraglide/messages.js';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url, params }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  const [report, history] = await orNotFound(m.billing_reports_not_found(), () =>
    Promise.all([locals.api.billingReports.get({ reportId: params.id }), locals.api.billingReports.history({ reportId: params.id })]),
  );
  return { area, group, report, history, timeZone: auth.user.timeZone };
}) satisfies PageServerLoad;
