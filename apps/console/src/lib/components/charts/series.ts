/** One line of a chart: the key of its figure in each row, and its name. */
export interface ChartSeries {
  key: string;
  label: string;
}

/** One point on the x axis: its day (`YYYY-MM-DD`), how the axis and table name it, and each line's figure. */
export interface ChartRow {
  day: string;
  label: string;
  values: Record<string, number>;
}

// AA contrast against the card (4.5:1 or better) for the lines and their labels.
const COLOURS = ['#1d4ed8', '#b45309', '#047857', '#be185d', '#6d28d9', '#0e7490', '#4d7c0f', '#b91c1c'];
const DASHES = ['', '8 4', '2 4', '10 4 2 4', '4 4', '12 3 3 3 3 3', '1 3', '6 2 6 6'];

/** The nth line's colour and dash pattern: the legend and the drawn chart share them. */
export function seriesLook(index: number): { color: string; dash: string | undefined } {
  return { color: COLOURS[index % COLOURS.length]!, dash: DASHES[index % DASHES.length] || undefined };
}
