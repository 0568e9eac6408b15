import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import LineChartFigure from './line-chart-figure.svelte';

const rows = [1, 2, 3].map((week) => ({
  date: new Date(Date.UTC(2026, 10, week * 7)),
  label: `Week ${week}`,
  values: { active: week * 10, expired: 3 },
}));

describe('LineChartFigure', () => {
  it('is drawn on the server: a named SVG with a line per series, each labelled at its end, and the figures table', () => {
    const { body } = render(LineChartFigure, {
      props: {
        id: 'test-chart',
        caption: 'Licenses by status',
        label: 'License status over three weeks',
        tableLabel: 'Licenses per week',
        axisLabel: 'Week',
        series: [
          { key: 'active', label: 'Active' },
          { key: 'expired', label: 'Expired' },
        ],
        rows,
        empty: 'Nothing yet.',
      },
    });
    expect(body).toMatch(/<svg[^>]*role="img"[^>]*aria-label="License status over three weeks"|<svg[^>]*aria-label="License status over three weeks"[^>]*role="img"/);
    // One drawn line per series, through the three points.
    const lines = body.match(/<path[^>]* d="M[^"]+"[^>]*class="lc-path"/g) ?? [];
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.match(/[ML][\d.]+,[\d.]+/g)).toHaveLength(3);
    expect(body).toContain('stroke-dasharray="8 4"');
    expect(body).toContain('Active 30');
    expect(body).toContain('Expired 3');
    expect(body).toContain('aria-label="Licenses per week"');
  });
});
