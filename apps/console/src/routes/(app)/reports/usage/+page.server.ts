import { requireArea } from '#lib/areas.ts';
import { endedCycles } from '#lib/components/usage-reports/format.ts';
import { partnerFilter, usageReportLabels } from '#lib/server/usage-reports.ts';
import { usageReportsList } from './params.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  const reviewer = auth.tier === 'tier1';
  const params = usageReportsList.read(url);
  // An MSP reads its own reports only.
  const { partners, partner } = await partnerFilter(locals.api, auth, reviewer, params.partner);
  params.partner = partner;
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
    cycles: endedCycles(),
    labels: usageReportLabels,
    timeZone: auth.user.timeZone,
    can: { approve: auth.permissions.includes('usageReports.approve') },
  };
}) satisfies PageServerLoad;
