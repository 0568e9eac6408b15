import { ZListBillingReportsInput } from '@keyway/core/billing-reports';
import { defineListParams, sortParams } from '#lib/components/list/list-params.ts';

/** The Billing Reports filters as they stand in the address (`?cycle=2026-11&status=draft`). */
export const billingReportsList = defineListParams(ZListBillingReportsInput, {
  /** `YYYY-MM`. */
  cycle: { path: 'filters.cycle' },
  status: { path: 'filters.status' },
  /** A tier-1's filter: the partner billed for (its own id: its direct customers' bill). */
  partner: { path: 'filters.companyId' },
  /** The vendor's filter: one tier-1's bills. */
  tier1: { path: 'filters.channelId' },
  currency: { path: 'filters.currency' },
  ...sortParams(),
});
