import type { UsageReportStatus } from '@keyway/db';
import type { BadgeVariant } from '#lib/components/ui/badge/badge.svelte';

/** "November 2026" for the cycle `2026-11` (a calendar month, no zone). */
export function cycleLabel(cycle: string): string {
  const [year, month] = cycle.split('-').map(Number);
  if (!year || !month) return cycle;
  return new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, 1));
}

/** "Nov 2026", for the chart's axis and legend-sized places. */
export function shortCycleLabel(cycle: string): string {
  const [year, month] = cycle.split('-').map(Number);
  if (!year || !month) return cycle;
  return new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, 1));
}

/** The cycle (`YYYY-MM`, UTC) `months` before the one `now` falls in. */
export function cycleBefore(now: Date, months = 1): string {
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
  return date.toISOString().slice(0, 7);
}

/** The cycles a report list's filter offers: the 24 that have ended, newest first. */
export const endedCycles = (now = new Date()) => Array.from({ length: 24 }, (_, index) => cycleBefore(now, index + 1));

/** "12.5 %", or a dash when nothing was provisioned. */
export const formatPercent = (value: number | null) =>
  value === null ? '—' : `${new Intl.NumberFormat('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value)} %`;

/** "auto-submits in 3 days", "auto-submits today": the words a partner looks for before its deadline. */
export function autoSubmitIn(days: number): string {
  if (days <= 0) return 'auto-submits today';
  return days === 1 ? 'auto-submits in 1 day' : `auto-submits in ${days} days`;
}

const STATUS_VARIANTS: Record<UsageReportStatus, BadgeVariant> = {
  preparing: 'secondary',
  under_review: 'warning',
  approved: 'success',
  rejected: 'destructive',
};

export const statusVariant = (status: UsageReportStatus) => STATUS_VARIANTS[status];

/**
 * A report's status in words: an approved report whose bill the vendor completed reads
 * "Completed" (the server derives `completedAt` from the bill).
 */
export const reportStatusLabel = (report: { status: UsageReportStatus; completedAt: Date | null }, labels: Record<UsageReportStatus, string>) =>
  report.completedAt ? 'Completed' : labels[report.status];

/**
 * The partner filter of a tier-1's report lists (usage and billing): the tier-1 itself (its direct
 * customers' report), its MSPs, and any partner the rows shown name.
 */
export function partnerOptions(
  company: { id: string; name: string },
  partners: readonly { id: string; name: string }[],
  rows: readonly { companyId: string; companyName: string }[],
): { value: string; label: string }[] {
  const named: Record<string, string> = { [company.id]: `${company.name} (direct customers)` };
  for (const partner of partners) named[partner.id] = partner.name;
  for (const row of rows) named[row.companyId] ??= row.companyName;
  return [{ value: '', label: 'All partners' }, ...Object.entries(named).map(([value, label]) => ({ value, label }))];
}

/** A choice of cycle: `all` first (a filter's; `null` for a choice of one cycle), then each cycle, newest first. */
export const cycleOptions = (all: string | null, cycles: readonly string[]) => [
  ...(all === null ? [] : [{ value: '', label: all }]),
  ...cycles.map((cycle) => ({ value: cycle, label: cycleLabel(cycle) })),
];

/** A report list's filter over labelled values (the statuses): `all` first, then each label. */
export const labelOptions = (all: string, labels: Record<string, string>) => [
  { value: '', label: all },
  ...Object.entries(labels).map(([value, label]) => ({ value, label })),
];

/** The columns of a report line's subject (`LineSubject`): one line per customer × product × unit type. */
export const LINE_SUBJECT = { customer: 'Customer', product: 'Product', unitType: 'Unit type' } as const;
