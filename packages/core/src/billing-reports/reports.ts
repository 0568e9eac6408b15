import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { asConnectingRole, billingReports, billingReportStatus, promoCodes, type BillingReport, type BillingReportStatus, type Db, type Executor } from '@keyway/db';
import { companyInScope } from '../company/index.ts';
import { DomainError, notFound } from '../errors.ts';
import { reportHistory } from '../history.ts';
import { cappedCount, reportKeyset } from '../paging.ts';
import { formatBps, formatMinor, lowestUnitPrice } from '../price-lists/index.ts';
import { cardJoin } from '../sql.ts';
import { can } from '../privileges.ts';
import { scopeOf, type Actor } from '../tenancy/index.ts';
import { cycleStart } from '../usage-reports/index.ts';
import {
  BILLING_REPORT_EDITABLE,
  ZBillingReportIdInput,
  ZBillingSummaryInput,
  ZListBillingReportsInput,
  type BillingLineView,
  type BillingReportDetail,
  type BillingReportFilters,
  type BillingReportHistoryEntry,
  type BillingReportRow,
  type BillingSummary,
  type TBillingSummaryInput,
  type TListBillingReportsInput,
} from './model.ts';
import { m } from '../i18n.ts';

/** How a status reads in a message: "submitted to vendor". */
const BILLING_STATUS_WORDS: Record<BillingReportStatus, () => string> = {
  draft: m.billing_status_draft,
  submitted_to_vendor: m.billing_status_submitted_to_vendor,
  completed: m.billing_status_completed,
  returned_by_vendor: m.billing_status_returned_by_vendor,
};
export const billingStatusText = (status: BillingReportStatus) => BILLING_STATUS_WORDS[status]();

/**
 * The bills an actor sees: a tier-1 its channel's; the vendor every bill once submitted to it
 * (a returned one it still sees while the tier-1 fixes it). Partners and customers see none:
 * billing is between the tier-1 and the vendor.
 */
export function billingScope(actor: Actor): SQL {
  if (actor.tier === 'vendor') return sql`${billingReports.submittedAt} is not null`;
  if (actor.tier === 'tier1') return scopeOf(actor, billingReports);
  throw new DomainError('FORBIDDEN', m.billing_between_parent_vendor());
}

/**
 * A bill the actor may see; anything else is NOT_FOUND, so an id of another channel tells nothing.
 * `forUpdate` locks it for the rest of the transaction.
 */
export async function billingReportInScope(db: Executor, actor: Actor, reportId: string, options: { forUpdate?: boolean } = {}): Promise<BillingReport> {
  const query = db
    .select()
    .from(billingReports)
    .where(and(eq(billingReports.id, reportId), billingScope(actor)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound(m.not_found_billing_report());
  return row;
}

/** The bills an actor sees under the filters, as a condition on `billing_reports`; shared by the list and the export. */
export async function billingReportWhere(db: Db, actor: Actor, filters: BillingReportFilters): Promise<SQL> {
  const parts: SQL[] = [billingScope(actor)];
  if (filters.cycle) parts.push(sql`${billingReports.cycle} = ${cycleStart(filters.cycle)}::date`);
  if (filters.status) parts.push(eq(billingReports.status, filters.status));
  if (filters.currency) parts.push(eq(billingReports.currency, filters.currency));
  if (filters.channelId) {
    if (actor.tier === 'tier1' && filters.channelId !== actor.company.id) throw notFound(m.not_found_parent_account());
    parts.push(eq(billingReports.channelId, filters.channelId));
  }
  if (filters.companyId) {
    if (filters.companyId !== actor.company.id && actor.tier === 'tier1') await companyInScope(db, actor, filters.companyId, ['tier2']);
    parts.push(eq(billingReports.companyId, filters.companyId));
  }
  return and(...parts)!;
}

type RawRow = {
  id: string;
  usageReportId: string;
  cycle: string;
  companyId: string;
  companyName: string;
  channelId: string;
  channelName: string;
  status: BillingReportStatus;
  currency: string;
  totalMinor: string;
  lineCount: number;
  unpricedLines: number;
  purchaseOrder: string | null;
  submittedAt: string | null;
  reviewedAt: string | null;
  completedAt: string | null;
  pricedOn: string;
  submitComment: string | null;
  reviewComment: string | null;
};

/** The columns of a bill row: the bill, its company's and tier-1's names and its line counts. */
const ROW_COLUMNS = sql`
  billing_reports.id, billing_reports.usage_report_id as "usageReportId", to_char(billing_reports.cycle, 'YYYY-MM') as "cycle",
  billing_reports.company_id as "companyId", rc.name as "companyName", billing_reports.channel_id as "channelId", ch.name as "channelName",
  billing_reports.status, billing_reports.currency, billing_reports.total_minor::text as "totalMinor",
  t.line_count as "lineCount", t.unpriced as "unpricedLines", billing_reports.purchase_order as "purchaseOrder",
  billing_reports.submitted_at::text as "submittedAt", billing_reports.reviewed_at::text as "reviewedAt",
  billing_reports.completed_at::text as "completedAt", billing_reports.priced_on::text as "pricedOn",
  billing_reports.submit_comment as "submitComment", billing_reports.review_comment as "reviewComment"`;

const ROW_FROM = sql`
  from billing_reports
  ${cardJoin(sql`billing_reports.company_id`, 'rc', 'join')}
  ${cardJoin(sql`billing_reports.channel_id`, 'ch', 'join')}
  cross join lateral (
    select count(*)::int as line_count, count(*) filter (where l.unit_price_minor is null)::int as unpriced
    from billing_report_lines l where l.report_id = billing_reports.id
  ) t`;

const date = (text: string | null) => (text ? new Date(text) : null);

function toRow(raw: RawRow): BillingReportRow {
  return {
    id: raw.id,
    usageReportId: raw.usageReportId,
    cycle: raw.cycle,
    companyId: raw.companyId,
    companyName: raw.companyName,
    channelId: raw.channelId,
    channelName: raw.channelName,
    status: raw.status,
    currency: raw.currency,
    total: formatMinor(BigInt(raw.totalMinor), raw.currency),
    lineCount: raw.lineCount,
    unpricedLines: raw.unpricedLines,
    purchaseOrder: raw.purchaseOrder,
    submittedAt: date(raw.submittedAt),
    reviewedAt: date(raw.reviewedAt),
    completedAt: date(raw.completedAt),
  };
}

/**
 * Billing Reports: a tier-1's bills, or the vendor's intake of submitted bills of every tier-1,
 * filtered on the server and paged by keyset.
 */
export async function listBillingReports(db: Db, actor: Actor, input: TListBillingReportsInput) {
  const { cursor, limit, sort, filters } = ZListBillingReportsInput.parse(input);
  const where = await billingReportWhere(db, actor, filters);
  const keys = reportKeyset('billing_reports', billingReportStatus, sort, {
    submitted: [
      { column: sql`billing_reports.submitted_at`, type: 'timestamptz', nullsLast: true },
      { column: sql`billing_reports.id`, type: 'uuid' },
    ],
  });
  const after = keys.after(cursor);
  const [rows, counted] = await Promise.all([
    db.execute<RawRow & { cursor: string }>(sql`
      select ${ROW_COLUMNS}, ${keys.cursor} as cursor
      ${ROW_FROM}
      where ${where} ${after ? sql`and ${after}` : sql``}
      order by ${sql.join(keys.orderBy, sql`, `)}
      limit ${limit + 1}`),
    cappedCount(db, billingReports, where),
  ]);
  const page = keys.page([...rows], limit);
  return { items: page.items.map((raw) => toRow(raw as RawRow)), nextCursor: page.nextCursor, ...counted };
}

type RawLine = {
  id: string;
  customerId: string;
  customerName: string;
  productId: string;
  productCode: string;
  productName: string;
  unitType: string;
  chargeable: number;
  listUnitPriceMinor: string | null;
  listMarginBps: number;
  unitPriceMinor: string | null;
  marginBps: number;
  amountMinor: string | null;
  promoCodeId: string | null;
};

/** A bill's lines (or one of them), customers by name, then product and unit type. */
export async function billingLines(db: Executor, report: Pick<BillingReport, 'id' | 'currency'>, lineId?: string): Promise<BillingLineView[]> {
  const rows = await db.execute<RawLine>(sql`
    select l.id, l.company_id as "customerId", c.name as "customerName", l.product_id as "productId", p.code as "productCode",
      p.name as "productName", l.unit_type as "unitType", l.chargeable,
      l.list_unit_price_minor::text as "listUnitPriceMinor", l.list_margin_bps as "listMarginBps",
      l.unit_price_minor::text as "unitPriceMinor", l.margin_bps as "marginBps", l.amount_minor::text as "amountMinor",
      l.promo_code_id as "promoCodeId"
    from billing_report_lines l
    ${cardJoin(sql`l.company_id`, 'c', 'join')}
    join products p on p.id = l.product_id
    where l.report_id = ${report.id}::uuid ${lineId ? sql`and l.id = ${lineId}::uuid` : sql``}
    order by c.name, c.id, p.code, l.unit_type`);
  // Promo codes are the vendor's, which the tier roles cannot read: the codes these lines name,
  // and only those, are read as the connecting role.
  const codeIds = [...new Set(rows.map((r) => r.promoCodeId).filter((id): id is string => id !== null))];
  const codes = new Map(
    codeIds.length === 0
      ? []
      : await db.transaction((tx) =>
          asConnectingRole(tx, async () =>
            (await tx.select({ id: promoCodes.id, code: promoCodes.code, allows: promoCodes.allows, boundBps: promoCodes.boundBps }).from(promoCodes).where(inArray(promoCodes.id, codeIds))).map(
              (c) => [c.id, c] as const,
            ),
          ),
        ),
  );
  const money = (minor: string | null) => (minor === null ? null : formatMinor(BigInt(minor), report.currency));
  return rows.map((r) => {
    const promo = r.promoCodeId ? codes.get(r.promoCodeId) : undefined;
    return {
      id: r.id,
      customerId: r.customerId,
      customerName: r.customerName,
      productId: r.productId,
      productCode: r.productCode,
      productName: r.productName,
      unitType: r.unitType,
      chargeable: r.chargeable,
      listUnitPrice: money(r.listUnitPriceMinor),
      listMargin: formatBps(r.listMarginBps),
      unitPrice: money(r.unitPriceMinor),
      margin: formatBps(r.marginBps),
      amount: money(r.amountMinor),
      promoCode: promo
        ? {
            code: promo.code,
            allows: promo.allows,
            limit:
              promo.allows === 'margin'
                ? formatBps(promo.boundBps)
                : formatMinor(lowestUnitPrice(BigInt(r.listUnitPriceMinor ?? '0'), promo.boundBps), report.currency),
          }
        : null,
    };
  });
}

/** The tier-1 may change it: its own channel's bill, still editable, with the run privilege. */
export function canEditBill(actor: Actor, report: Pick<BillingReport, 'channelId' | 'status'>): boolean {
  return actor.tier === 'tier1' && report.channelId === actor.company.id && BILLING_REPORT_EDITABLE.includes(report.status) && can(actor, 'billingReports.run');
}

/** The vendor may complete or return it while it is submitted. */
export function canReviewBill(actor: Actor, report: Pick<BillingReport, 'status'>): boolean {
  return actor.tier === 'vendor' && report.status === 'submitted_to_vendor' && can(actor, 'billingReports.intake');
}

/** One bill with its lines and what the viewer may do with it. */
export async function getBillingReport(db: Db, actor: Actor, input: z.input<typeof ZBillingReportIdInput>): Promise<BillingReportDetail> {
  const { reportId } = ZBillingReportIdInput.parse(input);
  const report = await billingReportInScope(db, actor, reportId);
  const [raw] = await db.execute<RawRow>(sql`select ${ROW_COLUMNS} ${ROW_FROM} where billing_reports.id = ${reportId}::uuid`);
  if (!raw) throw notFound(m.not_found_billing_report());
  return {
    ...toRow(raw),
    pricedOn: raw.pricedOn,
    submitComment: raw.submitComment,
    reviewComment: raw.reviewComment,
    canEdit: canEditBill(actor, report),
    canReview: canReviewBill(actor, report),
    lines: await billingLines(db, report),
  };
}

/** A bill's history, oldest first: who did what, when, with which comment, and each line change's before and after. */
export async function billingReportHistory(db: Db, actor: Actor, input: z.input<typeof ZBillingReportIdInput>): Promise<BillingReportHistoryEntry[]> {
  const { reportId } = ZBillingReportIdInput.parse(input);
  await billingReportInScope(db, actor, reportId);
  return reportHistory(db, { events: 'billing_report_events', lines: 'billing_report_lines' }, reportId);
}

/**
 * The dashboard widget and the intake header: a cycle's bills the caller sees, counted per status,
 * and their totals per currency. The cycle is the latest with such bills unless given.
 */
export async function billingSummary(db: Db, actor: Actor, input: TBillingSummaryInput): Promise<BillingSummary> {
  const parsed = ZBillingSummaryInput.parse(input);
  const scope = billingScope(actor);
  let cycle = parsed.cycle ?? null;
  if (!cycle) {
    const [latest] = await db.execute<{ cycle: string | null }>(sql`select to_char(max(cycle), 'YYYY-MM') as cycle from billing_reports where ${scope}`);
    cycle = latest?.cycle ?? null;
  }
  const counts = Object.fromEntries(billingReportStatus.enumValues.map((s) => [s, 0])) as Record<BillingReportStatus, number>;
  if (!cycle) return { cycle: null, counts, totals: [] };
  const rows = await db.execute<{ status: BillingReportStatus; currency: string; reports: number; totalMinor: string }>(sql`
    select status, currency, count(*)::int as reports, sum(total_minor)::text as "totalMinor"
    from billing_reports
    where ${scope} and cycle = ${cycleStart(cycle)}::date
    group by status, currency`);
  const totals = new Map<string, { reports: number; minor: bigint }>();
  for (const row of rows) {
    counts[row.status] += row.reports;
    const sum = totals.get(row.currency) ?? { reports: 0, minor: 0n };
    sum.reports += row.reports;
    sum.minor += BigInt(row.totalMinor);
    totals.set(row.currency, sum);
  }
  return {
    cycle,
    counts,
    totals: [...totals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, sum]) => ({ currency, reports: sum.reports, total: formatMinor(sum.minor, currency) })),
  };
}
