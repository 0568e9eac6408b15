import { ZListUsageReportsInput } from '@keyway/core/usage-reports';
import { defineListParams, sortParams } from '#lib/components/list/list-params.ts';

/** The Usage Reports filters as they stand in the address (`?cycle=2026-11&status=under_review`). */
export const usageReportsList = defineListParams(ZListUsageReportsInput, {
  /** `YYYY-MM`. */
  cycle: { path: 'filters.cycle' },
  status: { path: 'filters.status' },
  /** The reporting partner's id (a tier-1's filter). */
  partner: { path: 'filters.companyId' },
  /** `true`: only reports with a comment; `false`: only those without. */
  comments: { path: 'filters.hasComments' },
  ...sortParams(),
});
