import { requireArea } from '#lib/areas.ts';
import { cycleBefore } from '#lib/components/usage-reports/format.ts';
import { usageReportLabels } from '#lib/server/usage-report-labels.ts';
import { usageReportsList } from './params.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  const reviewer = auth.tier === 'tier1';
  const params = usageReportsList.read(url);
  // An MSP reads its own reports only: there is no partner to choose.
  if (!reviewer) params.partner = '';
  const query = usageReportsList.query(params);
  const [list, chart, partners] = await Promise.all([
    locals.api.usageReports.list(query.input),
    // The chart follows the partner filter: one partner's figures, or all the caller sees.
    locals.api.usageReports.chart({ companyId: params.partner || undefined }),
    // The partner filter names the tier-1's MSPs when the account may list partners.
    reviewer && auth.permissions.includes('partners.view')
      ? locals.api.partners.list({ limit: 100, sort: { by: 'name', direction: 'asc' }, filters: { type: 'msp' } })
      : null,
  ]);
  return {
    area,
    group,
    query,
    list,
    chart,
    reviewer,
    partners: partners?.items.map((partner) => ({ id: partner.id, name: partner.name })) ?? [],
    company: { id: auth.company.id, name: auth.company.name },
    /** The cycles the filter offers: the 24 that have ended, newest first. */
    cycles: Array.from({ length: 24 }, (_, index) => cycleBefore(new Date(), index + 1)),
    labels: usageReportLabels,
    timeZone: auth.user.timeZone,
    can: { approve: auth.permissions.includes('usageReports.approve') },
  };
}) satisfies PageServerLoad;
