import type { UsageReportAction, UsageReportStatus, UsageReportSubmission } from '@keyway/db';
import type { BadgeVariant } from '#lib/components/ui/badge/badge.svelte';
import type { Noun } from '#lib/components/list/list-count.ts';
import { formatCount, formatCycle } from '#lib/format.ts';
import { m } from '#lib/paraglide/messages.js';

/** The cycle (`YYYY-MM`, UTC) `months` before the one `now` falls in. */
export function cycleBefore(now: Date, months = 1): string {
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
  return date.toISOString().slice(0, 7);
}

/** The cycles a report list's filter offers: the 24 that have ended, newest first. */
export const endedCycles = (now = new Date()) => Array.from({ length: 24 }, (_, index) => cycleBefore(now, index + 1));

/** "auto-submits in 3 days", "auto-submits today": the words a partner looks for before its deadline. */
export function autoSubmitIn(days: number): string {
  if (days <= 0) return m.usage_reports_auto_submits_today();
  return m.usage_reports_auto_submits_in({ count: days, n: formatCount(days) });
}

const STATUS_VARIANTS: Record<UsageReportStatus, BadgeVariant> = {
  preparing: 'secondary',
  under_review: 'warning',
  approved: 'success',
  rejected: 'destructive',
};

export const statusVariant = (status: UsageReportStatus) => STATUS_VARIANTS[status];

/** A report's status, submission and history action in the page's language. */
export const USAGE_REPORT_STATUS: Record<UsageReportStatus, () => string> = {
  preparing: m.usage_reports_status_preparing,
  under_review: m.usage_reports_status_under_review,
  approved: m.usage_reports_status_approved,
  rejected: m.usage_reports_status_rejected,
};

export const USAGE_REPORT_SUBMISSION: Record<UsageReportSubmission, () => string> = {
  manual: m.usage_reports_submission_manual,
  automatic: m.usage_reports_submission_automatic,
  automatic_with_penalty: m.usage_reports_submission_automatic_with_penalty,
};

export const USAGE_REPORT_ACTION: Record<UsageReportAction, () => string> = {
  prepared: m.usage_reports_action_prepared,
  line_edited: m.usage_reports_action_line_edited,
  submitted: m.usage_reports_action_submitted,
  auto_submitted: m.usage_reports_action_auto_submitted,
  approved: m.usage_reports_action_approved,
  auto_approved: m.usage_reports_action_auto_approved,
  rejected: m.usage_reports_action_rejected,
};

/**
 * A report's status in words: an approved report whose bill the vendor completed reads
 * "Completed" (the server derives `completedAt` from the bill).
 */
export const reportStatusLabel = (report: { status: UsageReportStatus; completedAt: Date | null }) =>
  report.completedAt ? m.usage_reports_status_completed() : USAGE_REPORT_STATUS[report.status]();

/**
 * The partner filter of a tier-1's report lists (usage and billing): the tier-1 itself (its direct
 * customers' report), its MSPs, and any partner the rows shown name.
 */
export function partnerOptions(
  company: { id: string; name: string },
  partners: readonly { id: string; name: string }[],
  rows: readonly { companyId: string; companyName: string }[],
): { value: string; label: string }[] {
  const named: Record<string, string> = { [company.id]: m.reports_direct_customers({ name: company.name }) };
  for (const partner of partners) named[partner.id] = partner.name;
  for (const row of rows) named[row.companyId] ??= row.companyName;
  return [{ value: '', label: m.reports_all_partners() }, ...Object.entries(named).map(([value, label]) => ({ value, label }))];
}

/** A choice of cycle: `all` first (a filter's; `null` for a choice of one cycle), then each cycle, newest first. */
export const cycleOptions = (all: string | null, cycles: readonly string[]) => [
  ...(all === null ? [] : [{ value: '', label: all }]),
  ...cycles.map((cycle) => ({ value: cycle, label: formatCycle(cycle) })),
];

/** A report list's filter over labelled values (the statuses): `all` first, then each label. */
export const labelOptions = (all: string, labels: Record<string, () => string>) => [
  { value: '', label: all },
  ...Object.entries(labels).map(([value, label]) => ({ value, label: label() })),
];

/** The columns of a report line's subject (`LineSubject`): one line per customer × product × unit type; read at render time. */
export const lineSubject = () => ({ customer: m.reports_customer(), product: m.common_product(), unitType: m.reports_unit_type() });

/** "1 line" / "3 lines": a report's rows, as an export names them. */
export const LINE_NOUN: Noun = { one: m.reports_line_noun_one, other: m.reports_line_noun_other };
