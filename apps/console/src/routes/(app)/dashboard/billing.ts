import type { ApiCaller } from '@keyway/api';
import type { SignedIn } from '@keyway/core/auth';
import type { BillingReportStatus } from '@keyway/db';
import { BILLING_REPORT_STATUS } from '#lib/components/billing-reports/format.ts';

/** The vendor sees bills once they were submitted to it: a draft count would always read 0. */
const VENDOR_STATUSES: BillingReportStatus[] = ['submitted_to_vendor', 'returned_by_vendor', 'completed'];

/**
 * The dashboard's billing report widgets: how many bills of the latest cycle with bills stand in
 * each status (a tier-1's own; the vendor's intake), and their totals per currency. Null when the
 * account may not read billing reports.
 */
export async function billingWidgets(api: ApiCaller, auth: Pick<SignedIn, 'permissions' | 'tier'>) {
  if (!auth.permissions.includes('billingReports.view')) return null;
  const summary = await api.billingReports.summary({});
  const statuses = auth.tier === 'vendor' ? VENDOR_STATUSES : (Object.keys(BILLING_REPORT_STATUS) as BillingReportStatus[]);
  return {
    cycle: summary.cycle,
    counts: statuses.map((status) => ({ status, label: BILLING_REPORT_STATUS[status](), count: summary.counts[status] })),
    totals: summary.totals,
  };
}
