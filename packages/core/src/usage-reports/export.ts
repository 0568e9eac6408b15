import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { usageReportLines, usageReports, type Db } from '@keyway/db';
import { cursorRows, defineExport } from '../exports/index.ts';
import type { Actor } from '../tenancy/index.ts';
import { ZExportUsageReportsInput, ZUsageReportFilters, ZUsageReportId } from './model.ts';
import { reportInScope, reportWhere } from './reports.ts';

export type TExportUsageReportsInput = z.input<typeof ZExportUsageReportsInput>;

const REPORT_COLUMNS = [
  { key: 'cycle', header: 'Cycle' },
  { key: 'company', header: 'Partner' },
  { key: 'status', header: 'Status' },
  { key: 'submission', header: 'Submission' },
  { key: 'dueOn', header: 'Auto-submit on' },
  { key: 'submittedAt', header: 'Submitted' },
  { key: 'reviewedAt', header: 'Reviewed' },
  { key: 'lines', header: 'Lines' },
  { key: 'provisioned', header: 'Provisioned' },
  { key: 'used', header: 'Used' },
  { key: 'chargeable', header: 'Chargeable' },
  { key: 'penaltyLines', header: 'Penalty lines' },
  { key: 'submitComment', header: 'Submission comment' },
  { key: 'reviewComment', header: 'Review comment' },
] as const;

const LINE_COLUMNS = [
  { key: 'cycle', header: 'Cycle' },
  { key: 'company', header: 'Partner' },
  { key: 'customer', header: 'Customer' },
  { key: 'accountName', header: 'Account name' },
  { key: 'product', header: 'Product' },
  { key: 'unitType', header: 'Unit type' },
  { key: 'provisioned', header: 'Provisioned' },
  { key: 'used', header: 'Used' },
  { key: 'overProvisioned', header: 'Over-provisioned %' },
  { key: 'chargeable', header: 'Chargeable' },
  { key: 'comment', header: 'Comment' },
  { key: 'penalty', header: 'Penalty' },
] as const;

const STATUS_TEXT = sql`case usage_reports.status when 'preparing' then 'Preparing' when 'under_review' then 'Under review'
  when 'approved' then 'Approved' else 'Rejected' end`;
const SUBMISSION_TEXT = sql`case usage_reports.submission when 'manual' then 'By the partner' when 'automatic' then 'Automatic'
  when 'automatic_with_penalty' then 'Automatic, lines reset to provisioned' end`;

type Row<Columns extends readonly { key: string }[]> = Record<Columns[number]['key'], string | number | null>;

/** The reports of the list under its filters, with their totals. */
export const usageReportExport = defineExport({
  kind: 'usage-reports',
  permission: 'usageReports.view',
  fileName: 'usage-reports',
  sheetName: 'Usage reports',
  columns: REPORT_COLUMNS,
  filters: ZUsageReportFilters,
  table: usageReports,
  where: (db, actor, filters) => reportWhere(db, actor, filters),
  rows: (db, where) =>
    cursorRows<Row<typeof REPORT_COLUMNS>>(db, sql`
      select to_char(usage_reports.cycle, 'YYYY-MM') as "cycle", rc.name as "company", ${STATUS_TEXT} as "status",
        ${SUBMISSION_TEXT} as "submission", usage_reports.due_on::text as "dueOn",
        to_char(usage_reports.submitted_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as "submittedAt",
        to_char(usage_reports.reviewed_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as "reviewedAt",
        t.lines, t.provisioned, t.used, t.chargeable, t.penalty_lines as "penaltyLines",
        usage_reports.submit_comment as "submitComment", usage_reports.review_comment as "reviewComment"
      from usage_reports
      join companies rc on rc.id = usage_reports.company_id
      cross join lateral (
        select count(*)::int as lines, coalesce(sum(l.provisioned), 0)::float8 as provisioned, coalesce(sum(l.used), 0)::float8 as used,
          coalesce(sum(l.chargeable), 0)::float8 as chargeable, count(*) filter (where l.penalty)::int as penalty_lines
        from usage_report_lines l where l.report_id = usage_reports.id
      ) t
      where ${where}
      order by usage_reports.cycle desc, rc.name, usage_reports.id`),
});

/** One report's lines, customers by name. */
export const usageReportLinesExport = defineExport({
  kind: 'usage-report-lines',
  permission: 'usageReports.view',
  fileName: 'usage-report',
  sheetName: 'Usage report',
  columns: LINE_COLUMNS,
  filters: z.object({ reportId: ZUsageReportId }),
  table: usageReportLines,
  where: async (db, actor, { reportId }) => {
    // A report outside the actor's subtree is NOT_FOUND rather than an empty file.
    const report = await reportInScope(db, actor, reportId);
    return eq(usageReportLines.reportId, report.id);
  },
  rows: (db, where) =>
    cursorRows<Row<typeof LINE_COLUMNS>>(db, sql`
      select to_char(usage_reports.cycle, 'YYYY-MM') as "cycle", rc.name as "company", c.name as "customer",
        c.account_name as "accountName", p.name as "product", usage_report_lines.unit_type as "unitType",
        usage_report_lines.provisioned, usage_report_lines.used,
        case when usage_report_lines.provisioned = 0 then null
          else round((usage_report_lines.provisioned - usage_report_lines.used) * 100.0 / usage_report_lines.provisioned, 1)::float8 end as "overProvisioned",
        usage_report_lines.chargeable, usage_report_lines.comment,
        case when usage_report_lines.penalty then 'Yes' else '' end as "penalty"
      from usage_report_lines
      join usage_reports on usage_reports.id = usage_report_lines.report_id
      join companies rc on rc.id = usage_reports.company_id
      join companies c on c.id = usage_report_lines.company_id
      join products p on p.id = usage_report_lines.product_id
      where ${where}
      order by c.name, c.id, p.code, usage_report_lines.unit_type`),
});

/**
 * `usageReports.export`: one report's lines when `reportId` is given, else the filtered reports;
 * answers the download address and row count. The filters are checked either way (a company
 * outside the subtree is NOT_FOUND).
 */
export async function prepareUsageReportExport(db: Db, actor: Actor, input: TExportUsageReportsInput) {
  const { format, reportId, filters } = ZExportUsageReportsInput.parse(input);
  if (!reportId) return usageReportExport.prepare(db, actor, { format, filters });
  await reportWhere(db, actor, filters);
  return usageReportLinesExport.prepare(db, actor, { format, filters: { reportId } });
}
