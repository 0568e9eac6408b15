import type { UsageReportChartPoint } from '@keyway/core/usage-reports';
import type { ChartRow, ChartSeries } from '#lib/components/charts/series.ts';
import { formatCount, formatCycle } from '#lib/format.ts';
import { m } from '#lib/paraglide/messages.js';

/** Chargeable units per product and cycle, as the usage chart and its table show them. */
export function usageChart(points: UsageReportChartPoint[]) {
  const cycles = [...new Set(points.map((point) => point.cycle))].sort();
  const products = [...new Set(points.map((point) => point.productCode))].sort();
  const series: ChartSeries[] = products.map((product) => ({ key: product, label: product }));
  const rows = cycles.map((cycle): ChartRow => {
    const values: Record<string, number> = {};
    for (const product of products) values[product] = 0;
    for (const point of points) if (point.cycle === cycle) values[point.productCode] = point.chargeable;
    return { day: `${cycle}-01`, label: formatCycle(cycle, { short: true }), values };
  });
  const caption = m.usage_reports_chart_caption({ count: cycles.length, n: formatCount(cycles.length) });
  return { caption, series, rows };
}
