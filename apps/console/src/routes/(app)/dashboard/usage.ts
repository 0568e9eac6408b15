import type { ApiCaller } from '@keyway/api';
import type { SignedIn } from '@keyway/core/auth';
import type { UsageReportStatus } from '@keyway/db';
import { cycleBefore, reportStatusLabel, USAGE_REPORT_STATUS } from '#lib/components/usage-reports/format.ts';

/**
 * The dashboard's usage report widgets, from the Usage Reports procedures themselves (the
 * dashboard summary does not cover them). A tier-1 sees how many of the last cycle's reports
 * stand in each status (one `usageReports.summary`); an MSP its last cycle's report and how long this cycle has before it
 * auto-submits. Null when the account may not read usage reports.
 */
export async function usageWidgets(api: ApiCaller, auth: Pick<SignedIn, 'permissions' | 'tier'>) {
  if (!auth.permissions.includes('usageReports.view')) return null;
  const cycle = cycleBefore(new Date());
  if (auth.tier === 'tier1') {
    const summary = await api.usageReports.summary({ cycle });
    const counts = (Object.keys(USAGE_REPORT_STATUS) as UsageReportStatus[]).map((status) => ({
      status,
      label: USAGE_REPORT_STATUS[status](),
      count: summary.counts[status],
    }));
    return { kind: 'reviewer' as const, cycle, counts };
  }
  const [last, preview] = await Promise.all([
    api.usageReports.list({ limit: 1, filters: { cycle } }),
    api.usageReports.preview({}),
  ]);
  const report = last.items[0] ?? null;
  return {
    kind: 'partner' as const,
    cycle,
    report: report && { id: report.id, status: report.status, label: reportStatusLabel(report), dueOn: report.dueOn },
    preview: { cycle: preview.cycle, dueOn: preview.dueOn, daysUntilAutoSubmit: preview.daysUntilAutoSubmit },
  };
}
