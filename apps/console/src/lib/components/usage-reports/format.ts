import type { UsageReportStatus } from '@keyway/db';
import type { BadgeVariant } from '#lib/components/ui/badge/badge.svelte';
import { formatCycle } from '#lib/format.ts';

/** The cycle (`YYYY-MM`, UTC) `months` before the one `now` falls in. */
export function cycleBefore(now: Date, months = 1): string {
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
  return date.toISOString().slice(0, 7);
}

/** The cycles a report list's filter offers: the 24 that have ended, newest first. */
export const endedCycles = (now = new Date()) => Array.from({ length: 24 }, (_, index) => cycleBefore(now, index + 1));

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
  ...cycles.map((cycle) => ({ value: cycle, label: formatCycle(cycle) })),
];

/** A report list's filter over labelled values (the statuses): `all` first, then each label. */
export const labelOptions = (all: string, labels: Record<string, string>) => [
  { value: '', label: all },
  ...Object.entries(labels).map(([value, label]) => ({ value, label })),
];

/** The columns of a report line's subject (`LineSubject`): one line per customer × product × unit type. */
export const LINE_SUBJECT = { customer: 'Customer', product: 'Product', unitType: 'Unit type' } as const;
