import type { BillingReportAction, BillingReportStatus } from '@keyway/db';
import type { BadgeVariant } from '#lib/components/ui/badge/badge.svelte';
import { m } from '#lib/paraglide/messages.js';

/** A bill's status and history action in the page's language. */
export const BILLING_REPORT_STATUS: Record<BillingReportStatus, () => string> = {
  draft: m.billing_reports_status_draft,
  submitted_to_vendor: m.billing_reports_status_submitted_to_vendor,
  completed: m.billing_reports_status_completed,
  returned_by_vendor: m.billing_reports_status_returned_by_vendor,
};

export const BILLING_REPORT_ACTION: Record<BillingReportAction, () => string> = {
  drafted: m.billing_reports_action_drafted,
  purchase_order_set: m.billing_reports_action_purchase_order_set,
  promo_code_applied: m.billing_reports_action_promo_code_applied,
  promo_code_removed: m.billing_reports_action_promo_code_removed,
  prices_reset: m.billing_reports_action_prices_reset,
  reopened: m.billing_reports_action_reopened,
  submitted: m.billing_reports_action_submitted,
  returned: m.billing_reports_action_returned,
  completed: m.billing_reports_action_completed,
};

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
