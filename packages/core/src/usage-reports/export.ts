import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { usageReportLines, usageReports } from '@keyway/db';
import { cursorRows, defineExport, momentIn } from '../exports/index.ts';
import { ZUsageReportFilters, ZUsageReportId } from './model.ts';
import { reportInScope, reportWhere } from './reports.ts';

const REPORT_COLUMNS = [
  { key: 'cycle', header: 'Cycle' },
  { key: 'company', header: 'Partner' },
  { key: 'status', header: 'Status' },
  { key: 'submission', header: 'Submission' },
  { key: 'dueOn', header: 'Auto-submit on' },
  { key: 'submittedAt', header: 'Submitted', moment: true },
  { key: 'reviewedAt', header: 'Reviewed', moment: true },
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

type ReportRow = Record<(typeof REPORT_COLUMNS)[number]['key'], string | number | null>;
type LineRow = Record<(typeof LINE_COLUMNS)[number]['key'], string | number | null>;

/** An approved report whose bill the vendor completed reads Completed, as on the page (`completedAt`). */
const STATUS_TEXT = sql`case when exists (select 1 from billing_reports b where b.usage_report_id = usage_reports.id and b.status = 'completed')
  then 'Completed' else (case usage_reports.status when 'preparing' then 'Preparing' when 'under_review' then 'Under review'
  when 'approved' then 'Approved' else 'Rejected' end) end`;
const SUBMISSION_TEXT = sql`case usage_reports.submission when 'manual' then 'By the partner' when 'automatic' then 'Automatic'
  when 'automatic_with_penalty' then 'Automatic, lines reset to provisioned' end`;

/**
 * Reports → Usage Reports, the filtered list: one row per report with its totals, newest cycle
 * first. A partner outside the actor's subtree is NOT_FOUND.
 */
export const usageReportsExport = defineExport({
  kind: 'usage-reports',
  permission: 'usageReports.view',
  fileName: 'usage-reports',
  sheetName: 'Usage reports',
  columns: REPORT_COLUMNS,
  filters: ZUsageReportFilters,
  table: usageReports,
  where: (db, actor, filters) => reportWhere(db, actor, filters),
  rows: (db, where, _filters, timeZone) =>
    cursorRows<ReportRow>(db, sql`
      select to_char(usage_reports.cycle, 'YYYY-MM') as "cycle", rc.name as "company", ${STATUS_TEXT} as "status",
        ${SUBMISSION_TEXT} as "submission", usage_reports.due_on::text as "dueOn",
        ${momentIn(sql`usage_reports.submitted_at`, timeZone)} as "submittedAt",
        ${momentIn(sql`usage_reports.reviewed_at`, timeZone)} as "reviewedAt",
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

/** One usage report's lines, by customer; a report outside the actor's subtree is NOT_FOUND. */
export const usageReportLinesExport = defineExport({
  kind: 'usage-report-lines',
  permission: 'usageReports.view',
  fileName: 'usage-report',
  sheetName: 'Usage report',
  columns: LINE_COLUMNS,
  filters: z.object({ reportId: ZUsageReportId }),
  table: usageReportLines,
  where: async (db, actor, { reportId }) => {
    const report = await reportInScope(db, actor, reportId);
    return sql`${usageReportLines.reportId} = ${report.id}::uuid`;
  },
  rows: (db, where) =>
    cursorRows<LineRow>(db, sql`
      select to_char(usage_reports.cycle, 'YYYY-MM') as "cycle", rc.name as "company", c.name as "customer",
        c.account_name as "accountName", p.name as "product", l.unit_type as "unitType", l.provisioned, l.used,
        case when l.provisioned = 0 then null else round((l.provisioned - l.used) * 100.0 / l.provisioned, 1)::float8 end as "overProvisioned",
        l.chargeable, l.comment, case when l.penalty then 'Yes' else '' end as "penalty"
      from usage_report_lines l
      join usage_reports on usage_reports.id = l.report_id
      join companies rc on rc.id = usage_reports.company_id
      join companies c on c.id = l.company_id
      join products p on p.id = l.product_id
      where l.id in (select ${usageReportLines.id} from ${usageReportLines} where ${where})
      order by c.name, c.id, p.code, l.unit_type`),
});
