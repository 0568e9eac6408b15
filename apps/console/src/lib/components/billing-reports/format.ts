import type { BillingReportStatus } from '@keyway/db';
import type { BadgeVariant } from '#lib/components/ui/badge/badge.svelte';

const STATUS_VARIANTS: Record<BillingReportStatus, BadgeVariant> = {
  draft: 'secondary',
  submitted_to_vendor: 'warning',
  completed: 'success',
  returned_by_vendor: 'destructive',
};

export const billingStatusVariant = (status: BillingReportStatus) => STATUS_VARIANTS[status];

/** The dashboard's dot beside each status count. */
export const BILLING_STATUS_TONES = {
  draft: 'muted',
  submitted_to_vendor: 'warning',
  completed: 'success',
  returned_by_vendor: 'destructive',
} as const satisfies Record<BillingReportStatus, string>;
