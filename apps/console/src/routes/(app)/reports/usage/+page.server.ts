import { requireArea } from '#lib/areas.ts';
import { usageChart } from '#lib/components/usage-reports/chart.ts';
import { endedCycles } from '#lib/components/usage-reports/format.ts';
import { lineChartSvg } from '#lib/server/charts.ts';
import { partnerFilter } from '#lib/server/usage-reports.ts';
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
  const figure = usageChart(chart);
  return {
    area,
    group,
    query,
    list,
    chart,
    chartFigure: { ...figure, svg: lineChartSvg({ label: figure.caption, series: figure.series, rows: figure.rows }) },
    reviewer,
    partners,
    company: { id: auth.company.id, name: auth.company.name },
    cycles: endedCycles(),
    timeZone: auth.user.timeZone,
    can: { approve: auth.permissions.includes('usageReports.approve') },
  };
}) satisfies PageServerLoad;
