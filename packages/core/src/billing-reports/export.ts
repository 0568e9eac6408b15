import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { billingReportLines, billingReports } from '@keyway/db';
import { cursorRows, defineExport, momentIn } from '../exports/index.ts';
import { decimalSql, percentSql } from '../price-lists/index.ts';
import { ZBillingReportFilters, ZBillingReportId } from './model.ts';
import { billingReportInScope, billingReportWhere } from './reports.ts';
import { cardJoin } from '../sql.ts';

/*
 * Amounts leave as decimal text written by Postgres from the integer minor units ("1234.50"), in
 * the currency's exponent, with the currency in a column of its own: no floating point between
 * the database and the file.
 */

const REPORT_COLUMNS = [
  { key: 'cycle', header: 'Cycle' },
  { key: 'parent', header: 'Parent account' },
  { key: 'company', header: 'Partner' },
  { key: 'status', header: 'Status' },
  { key: 'purchaseOrder', header: 'PO number' },
  { key: 'lines', header: 'Lines' },
  { key: 'total', header: 'Total' },
  { key: 'currency', header: 'Currency' },
  { key: 'submittedAt', header: 'Submitted', moment: true },
  { key: 'reviewedAt', header: 'Reviewed', moment: true },
  { key: 'submitComment', header: 'Submission comment' },
  { key: 'reviewComment', header: 'Vendor comment' },
] as const;

const LINE_COLUMNS = [
  { key: 'cycle', header: 'Cycle' },
  { key: 'company', header: 'Partner' },
  { key: 'customer', header: 'Customer' },
  { key: 'accountName', header: 'Account name' },
  { key: 'product', header: 'Product' },
  { key: 'unitType', header: 'Unit type' },
  { key: 'chargeable', header: 'Chargeable' },
  { key: 'listUnitPrice', header: 'List unit price' },
  { key: 'unitPrice', header: 'Unit price' },
  { key: 'listMargin', header: 'List margin %' },
  { key: 'margin', header: 'Margin %' },
  { key: 'promoCode', header: 'Promo code' },
  { key: 'amount', header: 'Amount' },
  { key: 'currency', header: 'Currency' },
] as const;

type ReportRow = Record<(typeof REPORT_COLUMNS)[number]['key'], string | number | null>;
type LineRow = Record<(typeof LINE_COLUMNS)[number]['key'], string | number | null>;

const STATUS_TEXT = sql`case billing_reports.status when 'draft' then 'Draft' when 'submitted_to_vendor' then 'Submitted to vendor'
  when 'completed' then 'Completed' else 'Returned by vendor' end`;

/** Reports → Billing Reports, the filtered list: one row per bill with its total, newest cycle first. */
export const billingReportsExport = defineExport({
  kind: 'billing-reports',
  permission: 'billingReports.view',
  fileName: 'billing-reports',
  sheetName: 'Billing reports',
  columns: REPORT_COLUMNS,
  filters: ZBillingReportFilters,
  table: billingReports,
  where: (db, actor, filters) => billingReportWhere(db, actor, filters),
  rows: (db, where, _filters, timeZone) =>
    cursorRows<ReportRow>(db, sql`
      select to_char(billing_reports.cycle, 'YYYY-MM') as "cycle", ch.name as "parent", rc.name as "company", ${STATUS_TEXT} as "status",
        billing_reports.purchase_order as "purchaseOrder",
        (select count(*)::int from billing_report_lines l where l.report_id = billing_reports.id) as "lines",
        ${decimalSql(sql`billing_reports.total_minor`, sql`billing_reports.currency`)} as "total", billing_reports.currency,
        ${momentIn(sql`billing_reports.submitted_at`, timeZone)} as "submittedAt",
        ${momentIn(sql`billing_reports.reviewed_at`, timeZone)} as "reviewedAt",
        billing_reports.submit_comment as "submitComment", billing_reports.review_comment as "reviewComment"
      from billing_reports
      ${cardJoin(sql`billing_reports.company_id`, 'rc', 'join')}
      ${cardJoin(sql`billing_reports.channel_id`, 'ch', 'join')}
      where ${where}
      order by billing_reports.cycle desc, ch.name, rc.name, billing_reports.id`),
});

/** One bill's lines, by customer; a bill outside the actor's view is NOT_FOUND. */
export const billingReportLinesExport = defineExport({
  kind: 'billing-report-lines',
  permission: 'billingReports.view',
  fileName: 'billing-report',
  sheetName: 'Billing report',
  columns: LINE_COLUMNS,
  filters: z.object({ reportId: ZBillingReportId }),
  table: billingReportLines,
  where: async (db, actor, { reportId }) => {
    const report = await billingReportInScope(db, actor, reportId);
    return sql`${billingReportLines.reportId} = ${report.id}::uuid`;
  },
  rows: (db, where) =>
    cursorRows<LineRow>(db, sql`
      select to_char(b.cycle, 'YYYY-MM') as "cycle", rc.name as "company", c.name as "customer", c.account_name as "accountName",
        p.name as "product", l.unit_type as "unitType", l.chargeable,
        ${decimalSql(sql`l.list_unit_price_minor`, sql`b.currency`)} as "listUnitPrice",
        ${decimalSql(sql`l.unit_price_minor`, sql`b.currency`)} as "unitPrice",
        ${percentSql(sql`l.list_margin_bps`)} as "listMargin", ${percentSql(sql`l.margin_bps`)} as "margin",
        case when l.promo_code_id is null then '' else 'Yes' end as "promoCode",
        ${decimalSql(sql`l.amount_minor`, sql`b.currency`)} as "amount", b.currency
      from billing_report_lines l
      join billing_reports b on b.id = l.report_id
      ${cardJoin(sql`b.company_id`, 'rc', 'join')}
      ${cardJoin(sql`l.company_id`, 'c', 'join')}
      join products p on p.id = l.product_id
      where l.id in (select ${billingReportLines.id} from ${billingReportLines} where ${where})
      order by c.name, c.id, p.code, l.unit_type`),
});
