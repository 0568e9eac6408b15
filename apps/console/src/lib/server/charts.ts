import { render } from 'svelte/server';
import LineChartSvg from '#lib/components/charts/line-chart-svg.svelte';
import type { ChartRow, ChartSeries } from '#lib/components/charts/series.ts';

/**
 * A line chart as SVG markup, drawn here on the server with the chart library: pages show it as
 * it is (`LineChartFigure`), so the library never reaches the browser and the chart is there
 * without any script. Empty when there are no rows.
 */
export function lineChartSvg(input: { label: string; series: ChartSeries[]; rows: ChartRow[] }): string {
  if (input.rows.length === 0) return '';
  return render(LineChartSvg, { props: input }).body;
}
