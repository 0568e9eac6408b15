import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { companies } from './companies.ts';
import { createdAt, id, tenancy, timeOrderedId, updatedAt } from './columns.ts';
import { promoCodes } from './price-lists.ts';
import { usageReports } from './usage-reports.ts';
import { users } from './users.ts';

export const billingReportStatus = pgEnum('billing_report_status', ['draft', 'submitted_to_vendor', 'completed', 'returned_by_vendor']);

/**
 * Reports → Billing Reports: the bill of one approved usage report (one per MSP and cycle, and
 * one for a tier-1's direct customers), drafted by `billing.run`, submitted by the tier-1 to the
 * vendor, who completes or returns it. One bill per usage report, ever: the unique key is what
 * makes a second run, or two at once, bill nothing twice. Stamped like its usage report, so the
 * tier-1 reads its channel's bills; the vendor reads those submitted to it.
 */
export const billingReports = pgTable(
  'billing_reports',
  {
    id: id(),
    usageReportId: uuid()
      .notNull()
      .references(() => usageReports.id),
    /** The reporting company of the usage report: the MSP, or the tier-1 for its direct customers. */
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    ...tenancy(),
    /** The first day of the cycle (UTC). */
    cycle: date().notNull(),
    status: billingReportStatus().notNull().default('draft'),
    /** ISO 4217: the tier-1's billing currency when the bill was drafted. */
    currency: text().notNull(),
    /** The day whose prices and margins the lines were priced with: the cycle's last. */
    pricedOn: date().notNull(),
    /** Σ of the lines' amounts, in minor units; kept with every line change in its transaction. */
    totalMinor: bigint({ mode: 'bigint' }).notNull().default(sql`0`),
    /** The tier-1's purchase order number, required to submit. */
    purchaseOrder: text(),
    submittedAt: timestamp({ withTimezone: true }),
    submittedBy: uuid().references(() => users.id),
    submitComment: text(),
    /** The vendor's decision: completed or returned. */
    reviewedAt: timestamp({ withTimezone: true }),
    reviewedBy: uuid().references(() => users.id),
    reviewComment: text(),
    completedAt: timestamp({ withTimezone: true }),
    /** The "billing report ready" mails went out (never twice). */
    readyMailedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('billing_reports_usage_report_key').on(t.usageReportId),
    index('billing_reports_channel_cycle_idx').on(t.channelId, t.cycle),
    index('billing_reports_partner_id_idx').on(t.partnerId),
    index('billing_reports_cycle_status_idx').on(t.cycle, t.status),
    check('billing_reports_cycle_first_day', sql`extract(day from ${t.cycle}) = 1`),
  ],
);

/**
 * One line of a bill: a usage report line's chargeable units priced. The list price and margin
 * in effect on the cycle's last day are copied in, so changing the price list later never changes
 * a bill; `unitPriceMinor` and `marginBps` are what is charged (the list's, or what a promo code
 * allowed). amount = chargeable × unit price × (1 − margin), rounded half-up to the minor unit
 * once per line; null while the product has no price in the bill's currency.
 *
 * Written by the billing run, set-based, 200,000 at a time, so what a line refers to (bill, usage
 * report line, customer, product) is checked once per statement rather than by foreign keys, which
 * check row by row and cost the run more than writing the lines (packages/bench, `--only billing`):
 * as for usage report lines, a statement trigger refuses an insert whose references name no row,
 * a line's references never change, and a bill, usage line, company or product with lines cannot
 * be deleted (migration 0016). The promo code, set one line at a time, keeps its foreign key. The
 * key is a UUIDv7, and the run writes lines in (bill, usage line) order, so both indexes grow at
 * one place per bill. Lines are always read through their bill, so the stamps have no indexes of
 * their own; the row-level policies still apply to them.
 */
export const billingReportLines = pgTable(
  'billing_report_lines',
  {
    id: timeOrderedId(),
    /** The bill (checked per statement, see above). */
    reportId: uuid().notNull(),
    ...tenancy(),
    /** The usage report line priced (checked per statement, see above). */
    usageReportLineId: uuid().notNull(),
    /** The customer company (copied from the usage line). */
    companyId: uuid().notNull(),
    productId: uuid().notNull(),
    unitType: text().notNull(),
    chargeable: integer().notNull(),
    listUnitPriceMinor: bigint({ mode: 'bigint' }),
    listMarginBps: integer().notNull(),
    unitPriceMinor: bigint({ mode: 'bigint' }),
    marginBps: integer().notNull(),
    amountMinor: bigint({ mode: 'bigint' }),
    promoCodeId: uuid().references(() => promoCodes.id),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('billing_report_lines_usage_line_key').on(t.reportId, t.usageReportLineId),
    check(
      'billing_report_lines_figures',
      sql`${t.chargeable} >= 0 and ${t.marginBps} between 0 and 10000 and ${t.listMarginBps} between 0 and 10000 and ${t.unitPriceMinor} >= 0 and ${t.amountMinor} >= 0`,
    ),
  ],
);

export const billingReportAction = pgEnum('billing_report_action', [
  'drafted',
  'purchase_order_set',
  'promo_code_applied',
  'promo_code_removed',
  'prices_reset',
  'reopened',
  'submitted',
  'returned',
  'completed',
]);

/** Every action on a bill, with who, when and the comment; append-only for the tier roles. */
export const billingReportEvents = pgTable(
  'billing_report_events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    reportId: uuid()
      .notNull()
      .references(() => billingReports.id),
    ...tenancy(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    action: billingReportAction().notNull(),
    /** Null when a job acted. */
    actorUserId: uuid().references(() => users.id),
    actorCompanyId: uuid().references(() => companies.id),
    lineId: uuid().references(() => billingReportLines.id),
    before: jsonb(),
    after: jsonb(),
    comment: text(),
  },
  (t) => [
    index('billing_report_events_report_idx').on(t.reportId, t.at),
    index('billing_report_events_channel_id_idx').on(t.channelId),
    index('billing_report_events_partner_id_idx').on(t.partnerId),
  ],
);

export type BillingReport = typeof billingReports.$inferSelect;
export type BillingReportLine = typeof billingReportLines.$inferSelect;
export type BillingReportEvent = typeof billingReportEvents.$inferSelect;
export type BillingReportStatus = (typeof billingReportStatus.enumValues)[number];
export type BillingReportAction = (typeof billingReportAction.enumValues)[number];
