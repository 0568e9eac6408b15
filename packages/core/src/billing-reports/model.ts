import { z } from 'zod';
import { billingReportStatus, type BillingReportAction, type BillingReportStatus, type PromoCodeAllows } from '@keyway/db';
import type { HistoryEntry } from '../history.ts';
import { ZPageCursor } from '../paging.ts';
import { ZAmount, ZCurrency, ZPercent } from '../price-lists/index.ts';
import { ZCycle } from '../usage-reports/index.ts';
import { m } from '../i18n.ts';
import { said, ZText } from '../validation.ts';

/*
 * Reports → Billing Reports: the shapes the api and the console share. Amounts are decimal
 * strings in the bill's currency ("1234.50"), written from integer minor units.
 */

/** The statuses a bill moves between; anything else is a 409. */
export const BILLING_REPORT_TRANSITIONS: Record<BillingReportStatus, readonly BillingReportStatus[]> = {
  draft: ['submitted_to_vendor'],
  submitted_to_vendor: ['completed', 'returned_by_vendor'],
  returned_by_vendor: ['draft'],
  completed: [],
};

/** The tier-1 changes a bill (PO number, promo codes, prices) while it is in these; a returned one goes back to draft. */
export const BILLING_REPORT_EDITABLE: readonly BillingReportStatus[] = ['draft', 'returned_by_vendor'];

/** The vendor sees bills once they were submitted to it. */
export const VENDOR_VISIBLE_STATUSES: readonly BillingReportStatus[] = ['submitted_to_vendor', 'completed', 'returned_by_vendor'];

export const ZBillingReportId = z.uuid(said(m.billing_report_id_invalid));
export const ZBillingReportLineId = z.uuid(said(m.billing_line_id_invalid));

export const ZBillingReportFilters = z
  .object({
    cycle: ZCycle.optional(),
    status: z.enum(billingReportStatus.enumValues, said(m.validation_status_choose)).optional(),
    /** The vendor: one tier-1's bills. */
    channelId: z.uuid(said(m.prices_parent_id_invalid)).optional(),
    /** A tier-1: one partner's bills (its own id: its direct customers' bill). */
    companyId: z.uuid(said(m.validation_company_id)).optional(),
    currency: ZCurrency.optional(),
  })
  .default({});
export type BillingReportFilters = z.infer<typeof ZBillingReportFilters>;

export const ZListBillingReportsInput = z.object({
  cursor: ZPageCursor.optional(),
  limit: z.number().int().min(1).max(100).default(50),
  sort: z
    .object({
      by: z.enum(['cycle', 'company', 'status', 'submitted']).default('cycle'),
      direction: z.enum(['asc', 'desc']).default('desc'),
    })
    .default({ by: 'cycle', direction: 'desc' }),
  filters: ZBillingReportFilters,
});
export type TListBillingReportsInput = z.input<typeof ZListBillingReportsInput>;

export const ZBillingReportIdInput = z.object({ reportId: ZBillingReportId });

export const ZBillingComment = ZText(2000, { tooLong: m.validation_comment_too_long });

export const ZRunBillingInput = z.object({ cycle: ZCycle });

export const ZSetPurchaseOrderInput = z.object({
  reportId: ZBillingReportId,
  purchaseOrder: ZText(64, { tooLong: m.billing_po_too_long }).min(1, said(m.billing_po_required)),
});

/**
 * Specifies a promo code on a line (`code`), and with a valid one the line's unit price or margin
 * within its bound; `code: null` removes the code and puts the list price and margin back.
 */
export const ZApplyPromoCodeInput = z.object({
  reportId: ZBillingReportId,
  lineId: ZBillingReportLineId,
  code: ZText(32, { tooLong: m.promo_code_too_long }).nullable(),
  /** A `unit_price` code: the line's unit price, decimal in the bill's currency. */
  unitPrice: ZAmount.optional(),
  /** A `margin` code: the line's margin in percent. */
  margin: ZPercent.optional(),
});
export type TApplyPromoCodeInput = z.input<typeof ZApplyPromoCodeInput>;

export const ZSubmitBillingReportInput = z.object({ reportId: ZBillingReportId, comment: ZBillingComment.optional() });
export const ZCompleteBillingReportInput = z.object({ reportId: ZBillingReportId, comment: ZBillingComment.optional() });
export const ZReturnBillingReportInput = z.object({
  reportId: ZBillingReportId,
  comment: ZBillingComment.min(1, said(m.billing_return_reason)),
});

export const ZBillingSummaryInput = z
  .object({
    /** The cycle; the latest with bills the caller sees when absent. */
    cycle: ZCycle.optional(),
  })
  .default({});
export type TBillingSummaryInput = z.input<typeof ZBillingSummaryInput>;

/** A bill in a list. */
export interface BillingReportRow {
  id: string;
  usageReportId: string;
  cycle: string; // YYYY-MM
  /** The partner billed for (the tier-1 itself for its direct customers). */
  companyId: string;
  companyName: string;
  /** The tier-1. */
  channelId: string;
  channelName: string;
  status: BillingReportStatus;
  currency: string;
  /** Decimal in `currency`. */
  total: string;
  lineCount: number;
  /** Lines whose product has no price in the currency: the bill cannot be submitted. */
  unpricedLines: number;
  purchaseOrder: string | null;
  submittedAt: Date | null;
  reviewedAt: Date | null;
  completedAt: Date | null;
}

export interface BillingLineView {
  id: string;
  customerId: string;
  customerName: string;
  productId: string;
  productCode: string;
  productName: string;
  unitType: string;
  chargeable: number;
  /** The price list's, copied when the bill was drafted (or its prices reset). */
  listUnitPrice: string | null;
  listMargin: string;
  /** What is charged. */
  unitPrice: string | null;
  margin: string;
  amount: string | null;
  promoCode: {
    code: string;
    allows: PromoCodeAllows;
    /** unit_price: the lowest unit price; margin: the highest margin (percent). */
    limit: string;
  } | null;
}

export interface BillingReportDetail extends BillingReportRow {
  pricedOn: string;
  submitComment: string | null;
  reviewComment: string | null;
  /** The viewer may set the PO number, promo codes and prices, and submit (its tier-1, editable status). */
  canEdit: boolean;
  /** The viewer may complete or return it (the vendor, submitted). */
  canReview: boolean;
  lines: BillingLineView[];
}

/** One entry of a bill's history; changes carry what they changed before and after. */
export type BillingReportHistoryEntry = HistoryEntry<BillingReportAction, Record<string, unknown>>;

/** The dashboard widget and the vendor's intake header: a cycle's bills by status and totals by currency. */
export interface BillingSummary {
  cycle: string | null;
  counts: Record<BillingReportStatus, number>;
  totals: { currency: string; reports: number; total: string }[];
}

export interface BillingRunQueued {
  cycle: string;
  jobId: string | null;
  /** Approved usage reports of the cycle without a bill yet: what the run will draft. */
  pending: number;
}
