import { requireArea } from '#lib/areas.ts';
import { orNotFound } from '#lib/server/not-found.ts';
import { usageReportLabels } from '#lib/server/usage-reports.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url, params }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  // One outside the caller's channel is not found either.
  const [report, history] = await orNotFound('This usage report was not found. It does not exist, or it is not one you may see.', () =>
    Promise.all([locals.api.usageReports.get({ reportId: params.id }), locals.api.usageReports.history({ reportId: params.id })]),
  );
  return { area, group, report, history, labels: usageReportLabels, timeZone: auth.user.timeZone };
}) satisfies PageServerLoad;
