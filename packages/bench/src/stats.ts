import { loadavg } from 'node:os';

/** How long `run` took (wall clock), with what it returned. */
export async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; seconds: number; result: T }> {
  const started = performance.now();
  const result = await run();
  const ms = performance.now() - started;
  return { ms, seconds: ms / 1000, result };
}

/**
 * Latencies of `run` in ms: `warmup` untimed calls, then up to `iterations` timed ones, stopping
 * early once `budgetMs` has passed so a slow case cannot hold the whole run. The last result is
 * kept for the caller's checks.
 */
export async function sampleCalls<T>(
  run: () => Promise<T>,
  warmup: number,
  iterations: number,
  budgetMs: number,
): Promise<{ samples: number[]; last: T | undefined }> {
  let last: T | undefined;
  for (let i = 0; i < warmup; i++) last = await run();
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < iterations && performance.now() - started < budgetMs) {
    const call = await timed(run);
    last = call.result;
    samples.push(call.ms);
  }
  return { samples, last };
}

/** Nearest-rank percentile of the samples (p in 0–100). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export interface Column {
  title: string;
  right?: boolean;
}

/**
 * A plain-text table that reads the same in a terminal and in a Markdown code block. The last row
 * is a summary, set off by a rule, unless `summary` is false.
 */
export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[], summary = true): string {
  const widths = columns.map((c, i) => Math.max(c.title.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (columns[i]?.right ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const body = rows.map(line);
  if (!summary) return [line(columns.map((c) => c.title)), rule, ...body].join('\n');
  return [line(columns.map((c) => c.title)), rule, ...body.slice(0, -1), rule, ...body.slice(-1)].join('\n');
}

export function loadAverage(): string {
  return loadavg().map((l) => l.toFixed(2)).join(' / ');
}

export function fmt(n: number): string {
  return n.toLocaleString('en');
}

export function ms(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export function ratio(value: number): string {
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(1)}×`;
}
