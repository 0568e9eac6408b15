import { requireArea } from '#lib/areas.ts';
import { cycleBefore } from '#lib/components/usage-reports/format.ts';
import { reportingPartners, usageReportLabels } from '#lib/server/usage-reports.ts';
import { usageReportsList } from './params.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  const reviewer = auth.tier === 'tier1';
  const params = usageReportsList.read(url);
  const partners = reviewer ? await reportingPartners(locals.api, auth) : [];
  // An MSP reads its own reports only; a partner the tier-1 cannot choose is dropped rather than
  // failing the page.
  const choosable = [auth.company.id, ...partners.map((partner) => partner.id)];
  if (!reviewer || !choosable.includes(params.partner)) params.partner = '';
  const query = usageReportsList.query(params);
  const [list, chart] = await Promise.all([
    locals.api.usageReports.list(query.input),
    // The chart follows the partner filter: one partner's figures, or all the caller sees.
    locals.api.usageReports.chart({ companyId: params.partner || undefined }),
  ]);
  return {
    area,
    group,
    query,
    list,
    chart,
    reviewer,
    partners,
    company: { id: auth.company.id, name: auth.company.name },
    /** The cycles the filter offers: the 24 that have ended, newest first. */
    cycles: Array.from({ length: 24 }, (_, index) => cycleBefore(new Date(), index + 1)),
    labels: usageReportLabels,
    timeZone: auth.user.timeZone,
    can: { approve: auth.permissions.includes('usageReports.approve') },
  };
}) satisfies PageServerLoad;
