import type { BillingReportStatus } from '@keyway/db';
import type { BadgeVariant } from '#lib/components/ui/badge/badge.svelte';

/*
 * Money reaches the browser as the decimal strings the server writes from integer minor units
 * ("1234.50"). The console only regroups their digits for reading: it never turns them into
 * numbers, so no floating point touches an amount between the database and the screen.
 */

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** "1,234.50" for "1234.50": the same digits, the whole part grouped by thousands. */
export function groupDecimal(amount: string): string {
  const match = DECIMAL.exec(amount.trim());
  if (!match) return amount;
  const [, sign, whole, fraction] = match;
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** "1,234.50 USD"; a dash for a line without a price. */
export const formatMoney = (amount: string | null | undefined, currency: string) =>
  amount === null || amount === undefined ? '—' : `${groupDecimal(amount)} ${currency}`;

/** "27.5 %" for the server's "27.50": trailing zeros of the fraction dropped. */
export function formatMargin(percent: string): string {
  const match = DECIMAL.exec(percent.trim());
  if (!match) return percent;
  const [, sign, whole, fraction] = match;
  const trimmed = fraction?.replace(/0+$/, '') ?? '';
  return `${sign}${whole}${trimmed ? `.${trimmed}` : ''} %`;
}

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
