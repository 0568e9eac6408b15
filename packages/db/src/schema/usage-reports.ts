import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { products } from './catalog.ts';
import { companies } from './companies.ts';
import { createdAt, id, tenancy, timeOrderedId, updatedAt } from './columns.ts';
import { users } from './users.ts';

/**
 * The units a customer held of a product on a UTC day: the highest total, over the day, of the units
 * of its live (active or in grace) full licenses of that product and unit type. Trials never count.
 * A usage report's provisioned figure is the highest of these over the cycle.
 *
 * Two writers keep it, both taking the greatest value, so a peak is never lost:
 * - a trigger on `licenses` records the total before and after every change, so a license
 *   discontinued on the 10th, or raised and lowered again the same day, still counts its peak;
 * - `licenses.daily` writes every live license's total for the day, so a day without changes has its row.
 */
export const licenseUnitsDaily = pgTable(
  'license_units_daily',
  {
    /** The customer company; its own stamp. */
    customerId: uuid()
      .notNull()
      .references(() => companies.id),
    channelId: uuid(),
    partnerId: uuid(),
    productId: uuid()
      .notNull()
      .references(() => products.id),
    unitType: text().notNull(),
    day: date().notNull(),
    units: integer().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.productId, t.unitType, t.day] }),
    index('license_units_daily_channel_day_idx').on(t.channelId, t.day),
    index('license_units_daily_partner_day_idx').on(t.partnerId, t.day),
    // A cycle's figures read one month of every channel: rows arrive day by day, so a block-range
    // index finds that month in a table that keeps years of them.
    index('license_units_daily_day_brin').using('brin', t.day),
    check('license_units_daily_units', sql`${t.units} >= 0`),
  ],
);

/**
 * The greatest units a customer held of a product in a calendar month (UTC; `month` is its first
 * day): the maximum of that month's `license_units_daily` rows, which is a usage report's
 * provisioned figure. Written by the same statements that write the daily rows (the `licenses`
 * triggers and `licenses.daily`), each taking the greatest value, so it never drifts from them and
 * a cycle's figures read one row per customer × product × unit type instead of one per day.
 * Its stamps are those of the month's latest write.
 */
export const licenseUnitsMonthly = pgTable(
  'license_units_monthly',
  {
    customerId: uuid()
      .notNull()
      .references(() => companies.id),
    channelId: uuid(),
    partnerId: uuid(),
    productId: uuid()
      .notNull()
      .references(() => products.id),
    unitType: text().notNull(),
    month: date().notNull(),
    units: integer().notNull(),
  },
  (t) => [
    // The month first: a cycle's figures read one month of the whole table.
    primaryKey({ columns: [t.month, t.customerId, t.productId, t.unitType] }),
    index('license_units_monthly_channel_month_idx').on(t.channelId, t.month),
    index('license_units_monthly_partner_month_idx').on(t.partnerId, t.month),
    check('license_units_monthly_units', sql`${t.units} >= 0`),
    check('license_units_monthly_first_day', sql`extract(day from ${t.month}) = 1`),
  ],
);

export const usageReportStatus = pgEnum('usage_report_status', [
  'preparing',
  'under_review',
  'approved',
  'rejected',
]);

/** How a report reached review: by its partner, by the auto-submit job, or by the job with lines reset. */
export const usageReportSubmission = pgEnum('usage_report_submission', [
  'manual',
  'automatic',
  'automatic_with_penalty',
]);

/**
 * Reports → Usage Reports: one report per tier-2 partner (MSP) and cycle, and one per tier-1 for the
 * customers directly under it. The stamps are the reporting company's, so an MSP reads its own
 * reports and its tier-1 all of its channel's; customers never see one.
 */
export const usageReports = pgTable(
  'usage_reports',
  {
    id: id(),
    /** The reporting company: the MSP, or the tier-1 for its direct customers. */
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    ...tenancy(),
    /** The first day of the calendar month (UTC) the report covers. */
    cycle: date().notNull(),
    status: usageReportStatus().notNull().default('preparing'),
    /** The day the auto-submit job submits the report if it is still preparing. */
    dueOn: date().notNull(),
    submission: usageReportSubmission(),
    submittedAt: timestamp({ withTimezone: true }),
    submittedBy: uuid().references(() => users.id),
    /** The comment the partner submitted with. */
    submitComment: text(),
    reviewedAt: timestamp({ withTimezone: true }),
    reviewedBy: uuid().references(() => users.id),
    /** The tier-1's comment when it rejected or approved the report. */
    reviewComment: text(),
    /** The reminder mail before auto-submit went out (never twice). */
    reminderSentAt: timestamp({ withTimezone: true }),
    /**
     * The "usage report ready" mails went out (never twice). Written by the mailing that follows
     * preparation, so the set-based preparation stays one short transaction and a mailing that
     * stopped part-way resumes with the reports still unmarked.
     */
    readyMailedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('usage_reports_company_cycle_key').on(t.companyId, t.cycle),
    index('usage_reports_channel_cycle_idx').on(t.channelId, t.cycle),
    index('usage_reports_partner_cycle_idx').on(t.partnerId, t.cycle),
    index('usage_reports_due_idx').on(t.dueOn).where(sql`${t.status} = 'preparing'`),
    check('usage_reports_cycle_first_day', sql`extract(day from ${t.cycle}) = 1`),
  ],
);

/**
 * One line of a usage report: a customer × product × unit type with a full license live at some
 * moment of the cycle. `provisioned` and `used` are measured when the report is prepared;
 * `chargeable` starts at provisioned and the partner may lower it (never below used).
 *
 * A cycle writes hundreds of thousands of lines at once, so what they refer to (report, customer,
 * product) is checked once per statement rather than row by row: a statement trigger with the
 * statement's rows refuses an insert whose report, customer or product does not exist, a line's
 * references never change, and a report, company or product with lines cannot be deleted
 * (migrations 0014 and 0016). The key is a UUIDv7 and preparation writes lines in the unique key's
 * order, so a cycle's lines land at one place of each index per report rather than at random
 * pages. Lines are always read through their report, so the stamps carry no index.
 */
export const usageReportLines = pgTable(
  'usage_report_lines',
  {
    id: timeOrderedId(),
    reportId: uuid().notNull(),
    /** The report's stamps (not the customer's: a customer never reads its partner's report). */
    ...tenancy(),
    /** The customer company the line is of. */
    companyId: uuid().notNull(),
    productId: uuid().notNull(),
    unitType: text().notNull(),
    provisioned: integer().notNull(),
    used: integer().notNull(),
    chargeable: integer().notNull(),
    comment: text(),
    /** Auto-submit reset this line to provisioned because its lower chargeable had no comment. */
    penalty: boolean().notNull().default(false),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('usage_report_lines_report_line_key').on(t.reportId, t.companyId, t.productId, t.unitType),
    check('usage_report_lines_units', sql`${t.provisioned} >= 0 and ${t.used} >= 0 and ${t.chargeable} >= 0`),
  ],
);

export const usageReportAction = pgEnum('usage_report_action', [
  'prepared',
  'line_edited',
  'submitted',
  'auto_submitted',
  'approved',
  'auto_approved',
  'rejected',
]);

/**
 * Every action on a usage report, with who, when and the comment. Written in the action's
 * transaction and never changed: the tier roles may insert and read, not update or delete.
 */
export const usageReportEvents = pgTable(
  'usage_report_events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    reportId: uuid()
      .notNull()
      .references(() => usageReports.id),
    ...tenancy(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    action: usageReportAction().notNull(),
    /** Null when a job acted. */
    actorUserId: uuid().references(() => users.id),
    actorCompanyId: uuid().references(() => companies.id),
    /** The line an edit changed. */
    lineId: uuid().references(() => usageReportLines.id),
    /** For an edit: `{ chargeable, comment }` before and after. */
    before: jsonb(),
    after: jsonb(),
    comment: text(),
  },
  (t) => [
    index('usage_report_events_report_idx').on(t.reportId, t.at),
    index('usage_report_events_channel_id_idx').on(t.channelId),
    index('usage_report_events_partner_id_idx').on(t.partnerId),
  ],
);

/** A tier-1's usage report settings; a tier-1 without a row uses the defaults. */
export const usageReportSettings = pgTable('usage_report_settings', {
  /** The tier-1. */
  companyId: uuid()
    .primaryKey()
    .references(() => companies.id),
  ...tenancy(),
  /** A report still preparing this many days after its cycle ended is submitted automatically. */
  autoSubmitDays: integer().notNull().default(5),
  /** Reports submitted without any comment are approved on submission. */
  autoApproveWithoutComments: boolean().notNull().default(false),
  updatedBy: uuid().references(() => users.id),
  updatedAt: updatedAt(),
});

export type LicenseUnitsDaily = typeof licenseUnitsDaily.$inferSelect;
export type LicenseUnitsMonthly = typeof licenseUnitsMonthly.$inferSelect;
export type UsageReport = typeof usageReports.$inferSelect;
export type UsageReportLine = typeof usageReportLines.$inferSelect;
export type UsageReportEvent = typeof usageReportEvents.$inferSelect;
export type UsageReportSettings = typeof usageReportSettings.$inferSelect;
export type UsageReportStatus = (typeof usageReportStatus.enumValues)[number];
export type UsageReportSubmission = (typeof usageReportSubmission.enumValues)[number];
export type UsageReportAction = (typeof usageReportAction.enumValues)[number];
