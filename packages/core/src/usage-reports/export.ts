import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '@keyway/db';
import { consumeExportLimit, cursorRows, exportAddress, exportFileStream } from '../exports/index.ts';
import type { Actor } from '../tenancy/index.ts';
import { ZExportUsageReportsInput } from './model.ts';
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

/** What the export reads: one report's lines, or the filtered reports; checked the same way the list and detail check. */
async function exportQuery(db: Db, actor: Actor, input: z.output<typeof ZExportUsageReportsInput>): Promise<{ count: SQL; rows: SQL; lines: boolean }> {
  // The filters are checked even for one report's lines: a company outside the subtree is NOT_FOUND either way.
  const where = await reportWhere(db, actor, input.filters);
  if (input.reportId) {
    const report = await reportInScope(db, actor, input.reportId);
    return {
      lines: true,
      count: sql`select count(*)::int as n from usage_report_lines where report_id = ${report.id}::uuid`,
      rows: sql`
        select to_char(usage_reports.cycle, 'YYYY-MM') as "cycle", rc.name as "company", c.name as "customer",
          c.account_name as "accountName", p.name as "product", l.unit_type as "unitType", l.provisioned, l.used,
          case when l.provisioned = 0 then null else round((l.provisioned - l.used) * 100.0 / l.provisioned, 1)::float8 end as "overProvisioned",
          l.chargeable, l.comment, case when l.penalty then 'Yes' else '' end as "penalty"
        from usage_report_lines l
        join usage_reports on usage_reports.id = l.report_id
        join companies rc on rc.id = usage_reports.company_id
        join companies c on c.id = l.company_id
        join products p on p.id = l.product_id
        where l.report_id = ${report.id}::uuid
        order by c.name, c.id, p.code, l.unit_type`,
    };
  }
  return {
    lines: false,
    count: sql`select count(*)::int as n from usage_reports where ${where}`,
    rows: sql`
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
      order by usage_reports.cycle desc, rc.name, usage_reports.id`,
  };
}

/** The download address of an export and how many rows it will have; the file comes from the endpoint. */
export async function prepareUsageReportExport(db: Db, actor: Actor, input: TExportUsageReportsInput) {
  const parsed = ZExportUsageReportsInput.parse(input);
  const query = await exportQuery(db, actor, parsed);
  const [counted] = await db.execute<{ n: number }>(query.count);
  return {
    url: exportAddress('usage-reports', parsed.format, { ...parsed.filters, reportId: parsed.reportId }),
    rows: counted?.n ?? 0,
    format: parsed.format,
  };
}

/** Parses the download address back into export input (the endpoint checks everything again). */
export function usageReportExportInputFromQuery(query: URLSearchParams): TExportUsageReportsInput {
  const hasComments = query.get('hasComments');
  return ZExportUsageReportsInput.parse({
    format: query.get('format'),
    reportId: query.get('reportId') ?? undefined,
    filters: {
      cycle: query.get('cycle') ?? undefined,
      status: query.get('status') ?? undefined,
      companyId: query.get('companyId') ?? undefined,
      hasComments: hasComments === 'true' ? true : hasComments === 'false' ? false : undefined,
    },
  });
}

/**
 * Starts an export: the report or filters checked (out of scope is NOT_FOUND), rate-limited per
 * person, then streamed as CSV or XLSX from a database cursor.
 */
export async function startUsageReportExport(db: Db, actor: Actor, input: TExportUsageReportsInput) {
  const parsed = ZExportUsageReportsInput.parse(input);
  const query = await exportQuery(db, actor, parsed);
  await consumeExportLimit(db, actor, 'usage-reports');
  const [counted] = await db.execute<{ n: number }>(query.count);
  const columns = query.lines ? LINE_COLUMNS : REPORT_COLUMNS;
  const rows = cursorRows<Record<string, string | number | null>>(db, query.rows);
  return { rows: counted?.n ?? 0, stream: exportFileStream(parsed.format, columns, query.lines ? 'Usage report' : 'Usage reports', rows) };
}
