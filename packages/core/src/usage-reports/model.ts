import { z } from 'zod';
import {
  usageReportAction,
  usageReportStatus,
  type UsageReportAction,
  type UsageReportStatus,
  type UsageReportSubmission,
} from '@keyway/db';
import type { HistoryEntry } from '../history.ts';
import { ZPageCursor } from '../paging.ts';
import { m } from '../i18n.ts';
import { said, ZText } from '../validation.ts';

/*
 * Reports → Usage Reports: the shapes the api and the console share. A cycle is a calendar month
 * in UTC, written `YYYY-MM`; its report is prepared on the 1st of the next month.
 */

/** Reports listed per company: the last 24 cycles. */
export const USAGE_REPORT_CYCLES = 24;

/** The statuses a report moves between; anything else is a 409. */
export const USAGE_REPORT_TRANSITIONS: Record<UsageReportStatus, readonly UsageReportStatus[]> = {
  preparing: ['under_review'],
  under_review: ['approved', 'rejected'],
  rejected: ['under_review'],
  approved: [],
};

/** The partner edits its lines only while these hold. */
export const USAGE_REPORT_EDITABLE: readonly UsageReportStatus[] = ['preparing', 'rejected'];

export const ZCycle = ZText(7, { tooLong: m.usage_cycle_format }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, said(m.usage_cycle_format));

export const ZUsageReportId = z.uuid(said(m.usage_report_id_invalid));
export const ZUsageReportLineId = z.uuid(said(m.usage_line_id_invalid));

export const ZUsageReportFilters = z
  .object({
    cycle: ZCycle.optional(),
    status: z.enum(usageReportStatus.enumValues, said(m.validation_status_choose)).optional(),
    /** The reporting partner (a tier-1 filtering its MSPs' reports). */
    companyId: z.uuid(said(m.validation_company_id)).optional(),
    /** Only reports where some line or the submission carries a comment. */
    hasComments: z.boolean().optional(),
  })
  .default({});
export type UsageReportFilters = z.infer<typeof ZUsageReportFilters>;

export const ZListUsageReportsInput = z.object({
  cursor: ZPageCursor.optional(),
  limit: z.number().int().min(1).max(100).default(50),
  sort: z
    .object({
      by: z.enum(['cycle', 'company', 'status']).default('cycle'),
      direction: z.enum(['asc', 'desc']).default('desc'),
    })
    .default({ by: 'cycle', direction: 'desc' }),
  filters: ZUsageReportFilters,
});
export type TListUsageReportsInput = z.input<typeof ZListUsageReportsInput>;

export const ZUsageSummaryInput = z
  .object({
    /** The cycle; the latest with reports the caller sees when absent. */
    cycle: ZCycle.optional(),
  })
  .default({});
export type TUsageSummaryInput = z.input<typeof ZUsageSummaryInput>;

export const ZComment = ZText(2000, { tooLong: m.validation_comment_too_long });

export const ZUsageReportIdInput = z.object({ reportId: ZUsageReportId });

/**
 * The month-to-date preview and the chart: the caller's own reporting company, or (a tier-1) one
 * of its MSPs.
 */
export const ZUsageReportCompanyInput = z
  .object({ companyId: z.uuid(said(m.validation_company_id)).optional() })
  .default({});
export type TUsageReportCompanyInput = z.input<typeof ZUsageReportCompanyInput>;

export const ZUpdateUsageReportLineInput = z.object({
  reportId: ZUsageReportId,
  lineId: ZUsageReportLineId,
  chargeable: z
    .number(said(m.usage_chargeable_whole))
    .int(said(m.usage_chargeable_whole))
    .min(0, said(m.usage_chargeable_negative))
    .max(2_000_000_000, said(m.usage_chargeable_max)),
  /** Required when chargeable differs from provisioned; empty clears it. */
  comment: ZComment.nullable().optional(),
});

export const ZSubmitUsageReportInput = z.object({ reportId: ZUsageReportId, comment: ZComment.optional() });
export const ZApproveUsageReportInput = z.object({ reportId: ZUsageReportId, comment: ZComment.optional() });
export const ZRejectUsageReportInput = z.object({
  reportId: ZUsageReportId,
  comment: ZComment.min(1, said(m.usage_reject_reason)),
});

export const ZUsageReportSettingsInput = z.object({
  autoSubmitDays: z
    .number(said(m.usage_auto_submit_whole))
    .int(said(m.usage_auto_submit_whole))
    .min(1, said(m.usage_auto_submit_min))
    .max(28, said(m.usage_auto_submit_max)),
  autoApproveWithoutComments: z.boolean(),
});

/** A report in a list. */
export interface UsageReportRow {
  id: string;
  cycle: string; // YYYY-MM
  companyId: string;
  companyName: string;
  status: UsageReportStatus;
  submission: UsageReportSubmission | null;
  dueOn: string; // YYYY-MM-DD, the auto-submit day
  submittedAt: Date | null;
  reviewedAt: Date | null;
  lineCount: number;
  provisioned: number;
  used: number;
  chargeable: number;
  /** Lines with a comment, plus one when the submission carries a comment. */
  commentCount: number;
  penaltyLines: number;
  /**
   * When the vendor completed the bill made from this (approved) report; the report then reads
   * "Completed". Derived from the bill rather than stored as a status of its own, so the two can
   * never disagree and the report's own workflow (which ends at approved) stays as it is.
   */
  completedAt: Date | null;
}

/** One line of a report, or of the month-to-date preview. */
export interface UsageReportLineView {
  id: string | null; // null in the preview
  customerId: string;
  customerName: string;
  productId: string;
  productCode: string;
  productName: string;
  unitType: string;
  provisioned: number;
  used: number;
  /** (provisioned − used) / provisioned, in percent with one decimal; null when provisioned is 0. */
  overProvisionedPercent: number | null;
  chargeable: number;
  comment: string | null;
  penalty: boolean;
  /** Chargeable ≠ provisioned: the console warns, and a comment is required. */
  differs: boolean;
}

/** A cycle's reports the caller sees, counted per status (the dashboard widget). */
export interface UsageSummary {
  cycle: string | null;
  counts: Record<UsageReportStatus, number>;
}

export interface UsageReportDetail extends UsageReportRow {
  submitComment: string | null;
  reviewComment: string | null;
  /** The viewer may edit lines and submit (its own report, editable status, modify privilege). */
  canEdit: boolean;
  /** The viewer may approve or reject (the tier-1 above, under review, approve privilege). */
  canReview: boolean;
  lines: UsageReportLineView[];
  totals: { productCode: string; productName: string; unitType: string; provisioned: number; used: number; chargeable: number }[];
}

export interface UsageReportPreview {
  cycle: string; // the current month
  asOf: Date;
  dueOn: string; // the day this cycle's report auto-submits
  daysUntilAutoSubmit: number;
  lines: UsageReportLineView[];
}

/** One entry of a report's history; a line edit carries the line's chargeable and comment before and after. */
export type UsageReportHistoryEntry = HistoryEntry<UsageReportAction, { chargeable: number; comment: string | null }>;

/** Chargeable units per product and cycle for the reports page's chart (last 12 cycles). */
export interface UsageReportChartPoint {
  cycle: string;
  productCode: string;
  chargeable: number;
}

/** A tier-1's usage report settings, as its partners and itself read them. */
export interface UsageReportSettingsView {
  /** The tier-1 the settings are of. */
  companyId: string;
  companyName: string;
  autoSubmitDays: number;
  autoApproveWithoutComments: boolean;
  /** The viewer may change them (the tier-1's administrators and billing managers). */
  canUpdate: boolean;
  updatedAt: Date | null;
}

export const USAGE_REPORT_ACTIONS = usageReportAction.enumValues;
