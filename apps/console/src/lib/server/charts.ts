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
  const body = render(LineChartSvg, { props: input }).body;
  // Only the SVG itself: the library's container (sized for its script, which never runs here)
  // and the hydration markers stay behind. The SVG takes its box's width; its viewBox gives the
  // height.
  const svg = body
    .slice(body.indexOf('<svg'), body.lastIndexOf('</svg>') + '</svg>'.length)
    .replace(/<!--[^]*?-->/g, '');
  return svg.replace(/^<svg([^>]*?) width="[^"]*" height="[^"]*"/, '<svg$1 width="100%"');
}
