import { and, eq, sql, type SQL } from 'drizzle-orm';
import { usageReports, usageReportStatus, type Db, type Executor, type UsageReport } from '@keyway/db';
import { companyInScope } from '../company/index.ts';
import { today } from '../dates.ts';
import { DomainError, notFound } from '../errors.ts';
import { reportHistory } from '../history.ts';
import { cappedCount, reportKeyset } from '../paging.ts';
import { can } from '../privileges.ts';
import { scopeOf, type Actor } from '../tenancy/index.ts';
import { cycleOf, cycleStart, daysBetween, dueOnFor, shiftCycle } from './cycles.ts';
import { cycleFigures } from './figures.ts';
import {
  USAGE_REPORT_CYCLES,
  USAGE_REPORT_EDITABLE,
  ZListUsageReportsInput,
  ZUsageReportCompanyInput,
  ZUsageReportIdInput,
  ZUsageSummaryInput,
  type TListUsageReportsInput,
  type TUsageReportCompanyInput,
  type UsageReportChartPoint,
  type UsageReportDetail,
  type UsageReportFilters,
  type UsageReportHistoryEntry,
  type UsageReportLineView,
  type UsageReportPreview,
  type UsageReportRow,
  type TUsageSummaryInput,
  type UsageSummary,
} from './model.ts';
import { settingsOf } from './settings.ts';
import type { z } from 'zod';
import { m } from '../i18n.ts';

/** The chart's reach: the last 12 cycles. */
export const USAGE_REPORT_CHART_CYCLES = 12;

/**
 * A report the actor may see (its own, or one of its channel's for a tier-1); anything else is
 * NOT_FOUND, so an id from another subtree tells nothing. `forUpdate` locks it for the rest of the
 * transaction: a line edit holds it so a submission cannot slip in between check and write.
 */
export async function reportInScope(db: Executor, actor: Actor, reportId: string, options: { forUpdate?: boolean } = {}): Promise<UsageReport> {
  const query = db
    .select()
    .from(usageReports)
    .where(and(eq(usageReports.id, reportId), scopeOf(actor, usageReports)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound(m.not_found_usage_report());
  return row;
}

/** How a status reads in a message: "under review". */
const STATUS_WORDS: Record<UsageReport['status'], () => string> = {
  preparing: m.usage_status_preparing,
  under_review: m.usage_status_under_review,
  approved: m.usage_status_approved,
  rejected: m.usage_status_rejected,
};
export const statusText = (status: UsageReport['status']) => STATUS_WORDS[status]();

/** The oldest cycle lists reach: the 24 before the current one. */
const oldestListedCycle = (day: string) => cycleStart(shiftCycle(cycleOf(day), -USAGE_REPORT_CYCLES));

/**
 * The reports an actor sees under the filters, as a condition on `usage_reports r`; shared by the
 * list and the export. A company filter outside the actor's subtree answers NOT_FOUND.
 */
export async function reportWhere(db: Db, actor: Actor, filters: UsageReportFilters, day = today()): Promise<SQL> {
  const parts: SQL[] = [scopeOf(actor, usageReports), sql`${usageReports.cycle} >= ${oldestListedCycle(day)}::date`];
  if (filters.cycle) parts.push(sql`${usageReports.cycle} = ${cycleStart(filters.cycle)}::date`);
  if (filters.status) parts.push(eq(usageReports.status, filters.status));
  if (filters.companyId && filters.companyId !== actor.company.id) {
    await companyInScope(db, actor, filters.companyId, ['tier2']);
  }
  if (filters.companyId) parts.push(eq(usageReports.companyId, filters.companyId));
  if (filters.hasComments !== undefined) {
    const commented = sql`(${usageReports.submitComment} is not null or exists (select 1 from usage_report_lines cl where cl.report_id = ${usageReports.id} and cl.comment is not null))`;
    parts.push(filters.hasComments ? commented : sql`not ${commented}`);
  }
  return and(...parts)!;
}

type RawRow = {
  id: string;
  cycle: string;
  companyId: string;
  companyName: string;
  channelId: string | null;
  status: UsageReport['status'];
  submission: UsageReport['submission'];
  dueOn: string;
  submittedAt: string | null;
  reviewedAt: string | null;
  submitComment: string | null;
  reviewComment: string | null;
  lineCount: number;
  provisioned: string;
  used: string;
  chargeable: string;
  commentCount: number;
  penaltyLines: number;
  completedAt: string | null;
  cursor: string;
};

/** The columns of a report row: the report, its company's name and its lines' totals (one lateral read per report). */
const ROW_COLUMNS = sql`
  usage_reports.id, to_char(usage_reports.cycle, 'YYYY-MM') as "cycle", usage_reports.company_id as "companyId",
  rc.name as "companyName", usage_reports.channel_id as "channelId", usage_reports.status, usage_reports.submission,
  usage_reports.due_on::text as "dueOn", usage_reports.submitted_at::text as "submittedAt",
  usage_reports.reviewed_at::text as "reviewedAt", usage_reports.submit_comment as "submitComment",
  usage_reports.review_comment as "reviewComment",
  t.line_count as "lineCount", t.provisioned::text as "provisioned", t.used::text as "used", t.chargeable::text as "chargeable",
  t.comment_count + (usage_reports.submit_comment is not null)::int as "commentCount", t.penalty_lines as "penaltyLines",
  (select b.completed_at::text from billing_reports b where b.usage_report_id = usage_reports.id and b.status = 'completed') as "completedAt"`;

const ROW_FROM = sql`
  from usage_reports
  join companies rc on rc.id = usage_reports.company_id
  cross join lateral (
    select count(*)::int as line_count, coalesce(sum(l.provisioned), 0) as provisioned, coalesce(sum(l.used), 0) as used,
      coalesce(sum(l.chargeable), 0) as chargeable, count(l.comment)::int as comment_count,
      count(*) filter (where l.penalty)::int as penalty_lines
    from usage_report_lines l where l.report_id = usage_reports.id
  ) t`;

function toRow(raw: RawRow): UsageReportRow {
  return {
    id: raw.id,
    cycle: raw.cycle,
    companyId: raw.companyId,
    companyName: raw.companyName,
    status: raw.status,
    submission: raw.submission,
    dueOn: raw.dueOn,
    submittedAt: raw.submittedAt ? new Date(raw.submittedAt) : null,
    reviewedAt: raw.reviewedAt ? new Date(raw.reviewedAt) : null,
    lineCount: raw.lineCount,
    provisioned: Number(raw.provisioned),
    used: Number(raw.used),
    chargeable: Number(raw.chargeable),
    commentCount: raw.commentCount,
    penaltyLines: raw.penaltyLines,
    completedAt: raw.completedAt ? new Date(raw.completedAt) : null,
  };
}

/**
 * Usage Reports: an MSP's own reports, a tier-1's own and its MSPs', of the last 24 cycles,
 * filtered on the server and paged by keyset (cycle, company name or status, then id).
 */
export async function listUsageReports(db: Db, actor: Actor, input: TListUsageReportsInput, day = today()) {
  const { cursor, limit, sort, filters } = ZListUsageReportsInput.parse(input);
  const where = await reportWhere(db, actor, filters, day);
  const keys = reportKeyset('usage_reports', usageReportStatus, sort);
  const after = keys.after(cursor);
  const [rows, counted] = await Promise.all([
    db.execute<RawRow>(sql`
      select ${ROW_COLUMNS}, ${keys.cursor} as cursor
      ${ROW_FROM}
      where ${where} ${after ? sql`and ${after}` : sql``}
      order by ${sql.join(keys.orderBy, sql`, `)}
      limit ${limit + 1}`),
    cappedCount(db, usageReports, where),
  ]);
  const page = keys.page([...rows], limit);
  return { items: page.items.map((raw) => toRow(raw as RawRow)), nextCursor: page.nextCursor, ...counted };
}

/**
 * The dashboard widget: a cycle's reports the caller sees (those its list shows), counted per
 * status in one grouped query. The cycle is the latest with such reports unless given.
 */
export async function usageSummary(db: Db, actor: Actor, input: TUsageSummaryInput, day = today()): Promise<UsageSummary> {
  const parsed = ZUsageSummaryInput.parse(input);
  const seen = await reportWhere(db, actor, {}, day);
  let cycle = parsed.cycle ?? null;
  if (!cycle) {
    const [latest] = await db.execute<{ cycle: string | null }>(
      sql`select to_char(max(${usageReports.cycle}), 'YYYY-MM') as cycle from ${usageReports} where ${seen}`,
    );
    cycle = latest?.cycle ?? null;
  }
  const counts = Object.fromEntries(usageReportStatus.enumValues.map((status) => [status, 0])) as UsageSummary['counts'];
  if (!cycle) return { cycle: null, counts };
  const rows = await db.execute<{ status: UsageReport['status']; n: number }>(sql`
    select ${usageReports.status} as status, count(*)::int as n from ${usageReports}
    where ${seen} and ${usageReports.cycle} = ${cycleStart(cycle)}::date
    group by 1`);
  for (const row of rows) counts[row.status] = row.n;
  return { cycle, counts };
}

const overProvisioned = (provisioned: number, used: number) =>
  provisioned === 0 ? null : Math.round(((provisioned - used) / provisioned) * 1000) / 10;

type RawLine = {
  id: string;
  customerId: string;
  customerName: string;
  productId: string;
  productCode: string;
  productName: string;
  unitType: string;
  provisioned: number;
  used: number;
  chargeable: number;
  comment: string | null;
  penalty: boolean;
};

export function lineView(raw: RawLine | (Omit<RawLine, 'id'> & { id: null })): UsageReportLineView {
  return {
    ...raw,
    overProvisionedPercent: overProvisioned(raw.provisioned, raw.used),
    differs: raw.chargeable !== raw.provisioned,
  };
}

/** A report's lines (or one of them), customers by name, then product and unit type. */
export async function reportLines(db: Executor, reportId: string, lineId?: string): Promise<UsageReportLineView[]> {
  const rows = await db.execute<RawLine>(sql`
    select l.id, l.company_id as "customerId", c.name as "customerName", l.product_id as "productId",
      p.code as "productCode", p.name as "productName", l.unit_type as "unitType",
      l.provisioned, l.used, l.chargeable, l.comment, l.penalty
    from usage_report_lines l
    join companies c on c.id = l.company_id
    join products p on p.id = l.product_id
    where l.report_id = ${reportId}::uuid ${lineId ? sql`and l.id = ${lineId}::uuid` : sql``}
    order by c.name, c.id, p.code, l.unit_type`);
  return rows.map(lineView);
}

function totalsOf(lines: UsageReportLineView[]): UsageReportDetail['totals'] {
  const totals = new Map<string, UsageReportDetail['totals'][number]>();
  for (const line of lines) {
    const key = `${line.productCode}\u0000${line.unitType}`;
    const total = totals.get(key) ?? { productCode: line.productCode, productName: line.productName, unitType: line.unitType, provisioned: 0, used: 0, chargeable: 0 };
    total.provisioned += line.provisioned;
    total.used += line.used;
    total.chargeable += line.chargeable;
    totals.set(key, total);
  }
  return [...totals.values()].sort((a, b) => a.productCode.localeCompare(b.productCode) || a.unitType.localeCompare(b.unitType));
}

/** The actor may edit lines and submit: its own report, while editable, with the modify privilege. */
export function canEditReport(actor: Actor, report: Pick<UsageReport, 'companyId' | 'status'>): boolean {
  return report.companyId === actor.company.id && USAGE_REPORT_EDITABLE.includes(report.status) && can(actor, 'usageReports.modify');
}

/** The actor may approve or reject: the tier-1 above the report (its own included), while under review. */
export function canReviewReport(actor: Actor, report: Pick<UsageReport, 'channelId' | 'status'>): boolean {
  return actor.tier === 'tier1' && report.channelId === actor.company.id && report.status === 'under_review' && can(actor, 'usageReports.approve');
}

/** One report with its lines, its totals per product and what the viewer may do with it. */
export async function getUsageReport(db: Db, actor: Actor, input: z.input<typeof ZUsageReportIdInput>): Promise<UsageReportDetail> {
  const { reportId } = ZUsageReportIdInput.parse(input);
  await reportInScope(db, actor, reportId);
  const [raw] = await db.execute<RawRow>(sql`select ${ROW_COLUMNS}, '' as cursor ${ROW_FROM} where usage_reports.id = ${reportId}::uuid`);
  if (!raw) throw notFound(m.not_found_usage_report());
  const lines = await reportLines(db, reportId);
  const report = { companyId: raw.companyId, channelId: raw.channelId, status: raw.status };
  return {
    ...toRow(raw),
    submitComment: raw.submitComment,
    reviewComment: raw.reviewComment,
    canEdit: canEditReport(actor, report),
    canReview: canReviewReport(actor, report),
    lines,
    totals: totalsOf(lines),
  };
}

/** A report's history, oldest first: who did what, when, with which comment, and each line edit's before and after. */
export async function usageReportHistory(db: Db, actor: Actor, input: z.input<typeof ZUsageReportIdInput>): Promise<UsageReportHistoryEntry[]> {
  const { reportId } = ZUsageReportIdInput.parse(input);
  await reportInScope(db, actor, reportId);
  return reportHistory(db, { events: 'usage_report_events', lines: 'usage_report_lines' }, reportId);
}

/**
 * The reporting company a preview or chart is of: the actor's own, or (a tier-1) one of its MSPs.
 * Another subtree's company is NOT_FOUND; a reseller has no report of its own.
 */
async function reportingCompany(db: Db, actor: Actor, companyId: string | undefined) {
  if (!companyId || companyId === actor.company.id) {
    if (actor.tier !== 'tier1' && actor.tier !== 'msp') throw new DomainError('FORBIDDEN', m.usage_only_parent_msp());
    return { id: actor.company.id, tier: actor.tier };
  }
  const company = await companyInScope(db, actor, companyId, ['tier2']);
  if (company.type !== 'msp') {
    throw new DomainError('BAD_REQUEST', m.usage_reseller_no_report({ company: company.name }), {
      field: 'companyId',
    });
  }
  return { id: company.id, tier: 'msp' as const };
}

/**
 * The current cycle so far, as its report would be prepared today, for the caller's own reporting
 * company or one of its MSPs: the figures of the days up to now, chargeable at provisioned, and
 * when the report will be submitted automatically.
 */
export async function previewUsageReport(db: Db, actor: Actor, input: TUsageReportCompanyInput, now = new Date()): Promise<UsageReportPreview> {
  const { companyId } = ZUsageReportCompanyInput.parse(input);
  const company = await reportingCompany(db, actor, companyId);
  const day = today(now);
  const cycle = cycleOf(day);
  const channelId = actor.tier === 'tier1' ? actor.company.id : actor.company.channelId;
  const settings = await settingsOf(db, channelId!);
  const rows = await db.execute<Omit<RawLine, 'id'>>(sql`
    select f.customer_id as "customerId", c.name as "customerName", f.product_id as "productId", p.code as "productCode",
      p.name as "productName", f.unit_type as "unitType", f.provisioned, f.used, f.provisioned as chargeable,
      null as comment, false as penalty
    from (${cycleFigures(cycle, {
      within: company.tier === 'msp' ? { stamp: 'partner_id', id: company.id } : { stamp: 'channel_id', id: company.id },
      reportingCompanyId: company.id,
    })}) f
    join companies c on c.id = f.customer_id
    join products p on p.id = f.product_id
    order by c.name, c.id, p.code, f.unit_type`);
  const dueOn = dueOnFor(cycle, settings.autoSubmitDays);
  return {
    cycle,
    asOf: now,
    dueOn,
    daysUntilAutoSubmit: daysBetween(day, dueOn),
    lines: rows.map((row) => lineView({ ...row, id: null })),
  };
}

/** Chargeable units per product and cycle over the last 12 cycles, of the reports the actor sees (or one company's). */
export async function usageReportChart(db: Db, actor: Actor, input: TUsageReportCompanyInput, day = today()): Promise<UsageReportChartPoint[]> {
  const { companyId } = ZUsageReportCompanyInput.parse(input);
  if (companyId && companyId !== actor.company.id) await companyInScope(db, actor, companyId, ['tier2']);
  const rows = await db.execute<{ cycle: string; productCode: string; chargeable: string }>(sql`
    select to_char(usage_reports.cycle, 'YYYY-MM') as "cycle", p.code as "productCode", sum(l.chargeable)::text as "chargeable"
    from usage_reports
    join usage_report_lines l on l.report_id = usage_reports.id
    join products p on p.id = l.product_id
    where ${scopeOf(actor, usageReports)}
      and usage_reports.cycle >= ${cycleStart(shiftCycle(cycleOf(day), -USAGE_REPORT_CHART_CYCLES))}::date
      ${companyId ? sql`and usage_reports.company_id = ${companyId}::uuid` : sql``}
    group by usage_reports.cycle, p.code
    order by usage_reports.cycle, p.code`);
  return rows.map((r) => ({ cycle: r.cycle, productCode: r.productCode, chargeable: Number(r.chargeable) }));
}
