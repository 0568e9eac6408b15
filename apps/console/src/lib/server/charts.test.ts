import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import LineChartFigure from '#lib/components/charts/line-chart-figure.svelte';
import { lineChartSvg } from './charts.ts';

const series = [
  { key: 'active', label: 'Active' },
  { key: 'expired', label: 'Expired' },
];
const rows = [1, 2, 3].map((week) => ({ day: `2026-11-0${week}`, label: `Week ${week}`, values: { active: week * 10, expired: 3 } }));

describe('lineChartSvg', () => {
  it('draws the chart on the server: a named SVG, a dashed line per series through every point, each labelled at its end', () => {
    const svg = lineChartSvg({ label: 'License status over three weeks', series, rows });
    expect(svg).toMatch(/<svg[^>]*viewBox="0 0 720 240"/);
    expect(svg).toMatch(/<svg[^>]*role="img"/);
    expect(svg).toMatch(/<svg[^>]*aria-label="License status over three weeks"/);
    const lines = svg.match(/<path[^>]* d="M[^"]+"[^>]*>/g) ?? [];
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.match(/[ML][\d.]+,[\d.]+/g)).toHaveLength(3);
    expect(svg).toContain('stroke-dasharray="8 4"');
    expect(svg).toContain('Active 30');
    expect(svg).toContain('Expired 3');
    expect(svg).toContain('Week 3');
  });

  it('draws nothing without rows', () => {
    expect(lineChartSvg({ label: 'Empty', series, rows: [] })).toBe('');
  });
});

describe('LineChartFigure', () => {
  it('shows the SVG with its legend and the same figures in a named table', () => {
    const svg = lineChartSvg({ label: 'License status over three weeks', series, rows });
    const { body } = render(LineChartFigure, {
      props: { id: 'c', caption: 'Licenses by status', svg, tableLabel: 'Licenses per week', axisLabel: 'Week', series, rows, empty: 'Nothing yet.' },
    });
    expect(body).toContain('aria-label="License status over three weeks"');
    expect(body).toContain('aria-label="Licenses per week"');
    expect(body).toMatch(/<figcaption[^>]*>Licenses by status<\/figcaption>/);
  });
});

describe('lineChartSvg markup', () => {
  it('is the SVG alone, as wide as its box', () => {
    const svg = lineChartSvg({ label: 'Chart', series, rows });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg).toMatch(/^<svg[^>]* width="100%"/);
    expect(svg).not.toContain('<!--');
    expect(svg).not.toContain('[object Object]');
  });
});
