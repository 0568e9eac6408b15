import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { billingReportEvents, billingReportLines, billingReports, companyCards, users, type BillingReport, type BillingReportAction, type Db, type Tx } from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { today } from '../dates.ts';
import { DomainError, notFound } from '../errors.ts';
import type { JobQueue } from '../jobs/index.ts';
import { formatBps, formatMinor, lineAmountMinor, lineAmountSql, lowestUnitPrice, parseBps, parseMinor, promoAllowance } from '../price-lists/index.ts';
import type { Actor } from '../tenancy/index.ts';
import { queueBillDecisionMails } from './mails.ts';
import {
  BILLING_REPORT_EDITABLE,
  ZApplyPromoCodeInput,
  ZBillingReportIdInput,
  ZCompleteBillingReportInput,
  ZReturnBillingReportInput,
  ZSetPurchaseOrderInput,
  ZSubmitBillingReportInput,
  type BillingLineView,
  type TApplyPromoCodeInput,
} from './model.ts';
import { billingLines, billingReportInScope, billingStatusText } from './reports.ts';
import { listPricingSql, refreshTotals } from './run.ts';
import { m } from '../i18n.ts';
import { happenedOn, reviewedBy } from '../usage-reports/index.ts';

/** The bill's stamps, for its audit rows. */
const stampsOf = (report: Pick<BillingReport, 'companyId' | 'channelId' | 'partnerId'>) => ({
  id: report.companyId,
  channelId: report.channelId,
  partnerId: report.partnerId,
  customerId: null,
});

async function addEvent(
  tx: Tx,
  actor: Actor,
  report: BillingReport,
  action: BillingReportAction,
  extra: { lineId?: string; before?: unknown; after?: unknown; comment?: string | null } = {},
) {
  await tx.insert(billingReportEvents).values({
    reportId: report.id,
    channelId: report.channelId,
    partnerId: report.partnerId,
    action,
    actorUserId: actor.userId,
    actorCompanyId: actor.company.id,
    lineId: extra.lineId,
    before: extra.before,
    after: extra.after,
    comment: extra.comment ?? null,
  });
}

/** What happened to a bill, when a change finds it no longer where the caller saw it. */
async function whatHappened(tx: Tx, reportId: string): Promise<string> {
  const [row] = await tx
    .select({ status: billingReports.status, reviewedAt: billingReports.reviewedAt, reviewer: users.name, submittedAt: billingReports.submittedAt })
    .from(billingReports)
    .leftJoin(users, eq(users.id, billingReports.reviewedBy))
    .where(eq(billingReports.id, reportId));
  if (!row) return m.billing_gone();
  const by = reviewedBy(row.reviewer);
  switch (row.status) {
    case 'completed':
      return m.billing_already_completed({ by, on: happenedOn(row.reviewedAt) });
    case 'returned_by_vendor':
      return m.billing_already_returned({ by, on: happenedOn(row.reviewedAt) });
    case 'submitted_to_vendor':
      return m.billing_already_submitted({ on: happenedOn(row.submittedAt) });
    case 'draft':
      return m.billing_still_draft();
  }
}

/**
 * Opens the tier-1's bill for a change: locked for the transaction, still editable (draft, or
 * returned by the vendor, which this change takes back to draft with a `reopened` event).
 */
async function editableBill(tx: Tx, actor: Actor, reportId: string): Promise<BillingReport> {
  const report = await billingReportInScope(tx, actor, reportId, { forUpdate: true });
  if (actor.tier !== 'tier1') throw new DomainError('FORBIDDEN', m.billing_only_parent_changes());
  if (!BILLING_REPORT_EDITABLE.includes(report.status)) {
    throw new DomainError('CONFLICT', m.billing_not_editable({ status: billingStatusText(report.status) }));
  }
  if (report.status === 'returned_by_vendor') {
    const [reopened] = await tx.update(billingReports).set({ status: 'draft', updatedAt: new Date() }).where(eq(billingReports.id, report.id)).returning();
    await addEvent(tx, actor, report, 'reopened');
    await writeAudit(tx, actor, {
      company: stampsOf(report),
      action: 'billing-report.reopen',
      targetType: 'billing-report',
      targetId: report.id,
      before: { status: report.status },
      after: { status: 'draft' },
    });
    return reopened!;
  }
  return report;
}

/** The tier-1 enters (or changes) the bill's PO number. */
export async function setPurchaseOrder(db: Db, actor: Actor, input: z.input<typeof ZSetPurchaseOrderInput>) {
  const { reportId, purchaseOrder } = ZSetPurchaseOrderInput.parse(input);
  return db.transaction(async (tx) => {
    const report = await editableBill(tx, actor, reportId);
    if (report.purchaseOrder !== purchaseOrder) {
      await tx.update(billingReports).set({ purchaseOrder, updatedAt: new Date() }).where(eq(billingReports.id, report.id));
      await addEvent(tx, actor, report, 'purchase_order_set', { before: { purchaseOrder: report.purchaseOrder }, after: { purchaseOrder } });
      await writeAudit(tx, actor, {
        company: stampsOf(report),
        action: 'billing-report.purchase-order',
        targetType: 'billing-report',
        targetId: report.id,
        before: { purchaseOrder: report.purchaseOrder },
        after: { purchaseOrder },
      });
    }
    return { id: report.id, status: 'draft' as const, purchaseOrder };
  });
}

/**
 * The tier-1 specifies a promo code on a line. A valid one (see `promoAllowance`) is recorded on
 * the line and makes its unit price (no lower than the list price less the bound) or its margin
 * (no higher than the bound, no lower than the list's) editable; `unitPrice` / `margin` set it in
 * the same call. `code: null` removes the code and puts the list price and margin back. The line's
 * amount and the bill's total follow in the same transaction.
 */
export async function applyPromoCode(db: Db, actor: Actor, input: TApplyPromoCodeInput, day = today()): Promise<BillingLineView> {
  const parsed = ZApplyPromoCodeInput.parse(input);
  return db.transaction(async (tx) => {
    const report = await editableBill(tx, actor, parsed.reportId);
    const [line] = await tx
      .select()
      .from(billingReportLines)
      .where(and(eq(billingReportLines.id, parsed.lineId), eq(billingReportLines.reportId, report.id)))
      .for('update');
    if (!line) throw notFound(m.not_found_billing_line());
    const before = { promoCodeId: line.promoCodeId, unitPriceMinor: line.unitPriceMinor?.toString() ?? null, marginBps: line.marginBps };

    let next: { promoCodeId: string | null; unitPriceMinor: bigint | null; marginBps: number };
    let action: BillingReportAction = 'promo_code_applied';
    const code = parsed.code?.trim() || null;
    if (code === null) {
      if (parsed.unitPrice !== undefined || parsed.margin !== undefined) {
        throw new DomainError('BAD_REQUEST', m.billing_code_for_price(), { field: 'code' });
      }
      next = { promoCodeId: null, unitPriceMinor: line.listUnitPriceMinor, marginBps: line.listMarginBps };
      action = 'promo_code_removed';
    } else {
      if (line.listUnitPriceMinor === null) {
        throw new DomainError('CONFLICT', m.billing_no_list_price());
      }
      const allowance = await promoAllowance(tx, report.channelId!, line.productId, code, day);
      const sameCode = line.promoCodeId === allowance.promoCodeId;
      next = sameCode
        ? { promoCodeId: allowance.promoCodeId, unitPriceMinor: line.unitPriceMinor, marginBps: line.marginBps }
        : { promoCodeId: allowance.promoCodeId, unitPriceMinor: line.listUnitPriceMinor, marginBps: line.listMarginBps };
      if (allowance.allows === 'unit_price') {
        if (parsed.margin !== undefined) throw new DomainError('BAD_REQUEST', m.billing_code_allows_price({ code: allowance.code }), { field: 'margin' });
        if (parsed.unitPrice !== undefined) {
          const price = parseMinor(parsed.unitPrice, report.currency);
          const lowest = lowestUnitPrice(line.listUnitPriceMinor, allowance.boundBps);
          if (price < lowest || price > line.listUnitPriceMinor) {
            throw new DomainError(
              'BAD_REQUEST',
              m.billing_price_range({
                code: allowance.code,
                lowest: formatMinor(lowest, report.currency),
                highest: formatMinor(line.listUnitPriceMinor, report.currency),
                currency: report.currency,
              }),
              { field: 'unitPrice' },
            );
          }
          next.unitPriceMinor = price;
        }
      } else {
        if (parsed.unitPrice !== undefined) throw new DomainError('BAD_REQUEST', m.billing_code_allows_margin({ code: allowance.code }), { field: 'unitPrice' });
        if (parsed.margin !== undefined) {
          const bps = parseBps(parsed.margin);
          const highest = Math.max(allowance.boundBps, line.listMarginBps);
          if (bps < line.listMarginBps || bps > highest) {
            throw new DomainError(
              'BAD_REQUEST',
              m.billing_margin_range({ code: allowance.code, lowest: formatBps(line.listMarginBps), highest: formatBps(highest) }),
              { field: 'margin' },
            );
          }
          next.marginBps = bps;
        }
      }
    }
    const amountMinor = next.unitPriceMinor === null ? null : lineAmountMinor(line.chargeable, next.unitPriceMinor, next.marginBps);
    await tx
      .update(billingReportLines)
      .set({ promoCodeId: next.promoCodeId, unitPriceMinor: next.unitPriceMinor, marginBps: next.marginBps, amountMinor, updatedAt: new Date() })
      .where(eq(billingReportLines.id, line.id));
    await refreshTotals(tx, [report.id]);
    const after = { promoCodeId: next.promoCodeId, unitPriceMinor: next.unitPriceMinor?.toString() ?? null, marginBps: next.marginBps };
    await addEvent(tx, actor, report, action, { lineId: line.id, before, after });
    await writeAudit(tx, actor, {
      company: stampsOf(report),
      action: action === 'promo_code_removed' ? 'billing-report.promo-code-remove' : 'billing-report.promo-code',
      targetType: 'billing-report-line',
      targetId: line.id,
      before,
      after: { ...after, code },
    });
    const [view] = await billingLines(tx, report, line.id);
    return view!;
  });
}

/**
 * Puts every line back to the price list: the prices and margins in effect on the cycle's last
 * day, read again (a price the vendor added since fills an unpriced line), promo codes removed.
 */
export async function resetPrices(db: Db, actor: Actor, input: z.input<typeof ZBillingReportIdInput>) {
  const { reportId } = ZBillingReportIdInput.parse(input);
  return db.transaction(async (tx) => {
    const report = await editableBill(tx, actor, reportId);
    // The price list is read as the bill's tier-1 reads it; promo codes are not needed here.
    const bills = sql`(select id, usage_report_id, channel_id, partner_id, currency from billing_reports where id = ${report.id}::uuid)`;
    const changed = await tx.execute(sql`
      update billing_report_lines l set list_unit_price_minor = p.price, list_margin_bps = p.margin, unit_price_minor = p.price,
        margin_bps = p.margin, promo_code_id = null, amount_minor = ${lineAmountSql(sql`l.chargeable`, sql`p.price`, sql`p.margin`)}, updated_at = now()
      from (${listPricingSql(bills, report.pricedOn)}) p
      where l.report_id = ${report.id}::uuid and l.usage_report_line_id = p.line_id`);
    await refreshTotals(tx, [report.id]);
    const [after] = await tx.select({ totalMinor: billingReports.totalMinor }).from(billingReports).where(eq(billingReports.id, report.id));
    const totals = { before: { total: formatMinor(report.totalMinor, report.currency) }, after: { total: formatMinor(after!.totalMinor, report.currency) } };
    await addEvent(tx, actor, report, 'prices_reset', totals);
    await writeAudit(tx, actor, { company: stampsOf(report), action: 'billing-report.reset-prices', targetType: 'billing-report', targetId: report.id, ...totals });
    return { id: report.id, lines: changed.count, total: totals.after.total };
  });
}

/**
 * The tier-1 submits a draft to the vendor, with an optional comment. Needs the PO number
 * (400 without it) and a price on every line (409). One conditional update: of two submissions at
 * once one wins, the other is told what happened.
 */
export async function submitBillingReport(db: Db, actor: Actor, input: z.input<typeof ZSubmitBillingReportInput>) {
  const parsed = ZSubmitBillingReportInput.parse(input);
  const comment = parsed.comment?.trim() || null;
  return db.transaction(async (tx) => {
    const report = await billingReportInScope(tx, actor, parsed.reportId, { forUpdate: true });
    if (actor.tier !== 'tier1') throw new DomainError('FORBIDDEN', m.billing_only_parent_submits());
    if (report.status !== 'draft') {
      throw new DomainError(
        'CONFLICT',
        report.status === 'returned_by_vendor'
          ? m.billing_returned_correct()
          : await whatHappened(tx, report.id),
      );
    }
    if (!report.purchaseOrder) {
      throw new DomainError('BAD_REQUEST', m.billing_po_before_submit(), { field: 'purchaseOrder' });
    }
    const [unpriced] = await tx.execute<{ n: number; products: string | null }>(sql`
      select count(*)::int as n, string_agg(distinct p.code, ', ') as products
      from billing_report_lines l join products p on p.id = l.product_id
      where l.report_id = ${report.id}::uuid and l.unit_price_minor is null`);
    if (unpriced!.n > 0) {
      throw new DomainError(
        'CONFLICT',
        m.billing_lines_unpriced({ count: unpriced!.n, n: String(unpriced!.n), currency: report.currency, products: unpriced!.products ?? '' }),
      );
    }
    const [submitted] = await tx
      .update(billingReports)
      .set({ status: 'submitted_to_vendor', submittedAt: new Date(), submittedBy: actor.userId, submitComment: comment, updatedAt: new Date() })
      .where(and(eq(billingReports.id, report.id), eq(billingReports.status, 'draft')))
      .returning();
    if (!submitted) throw new DomainError('CONFLICT', await whatHappened(tx, report.id));
    await addEvent(tx, actor, report, 'submitted', { comment, after: { purchaseOrder: report.purchaseOrder, total: formatMinor(report.totalMinor, report.currency) } });
    await writeAudit(tx, actor, {
      company: stampsOf(report),
      action: 'billing-report.submit',
      targetType: 'billing-report',
      targetId: report.id,
      before: { status: 'draft' },
      after: { status: 'submitted_to_vendor', comment, purchaseOrder: report.purchaseOrder },
    });
    return { id: report.id, status: 'submitted_to_vendor' as const };
  });
}

/**
 * The vendor completes or returns a submitted bill. One conditional update on the submitted
 * status: of a completion and a return at once exactly one wins, the other gets a 409 saying what
 * the first did. The tier-1's billing managers get a mail.
 */
async function decide(
  db: Db,
  jobs: JobQueue,
  actor: Actor,
  reportId: string,
  decision: 'completed' | 'returned_by_vendor',
  comment: string | null,
  origin?: string,
) {
  return db.transaction(async (tx) => {
    const report = await billingReportInScope(tx, actor, reportId);
    if (actor.tier !== 'vendor') throw new DomainError('FORBIDDEN', m.billing_only_vendor_decides());
    const now = new Date();
    const [decided] = await tx
      .update(billingReports)
      .set({
        status: decision,
        reviewedAt: now,
        reviewedBy: actor.userId,
        reviewComment: comment,
        completedAt: decision === 'completed' ? now : null,
        updatedAt: now,
      })
      .where(and(eq(billingReports.id, report.id), eq(billingReports.status, 'submitted_to_vendor')))
      .returning();
    if (!decided) throw new DomainError('CONFLICT', await whatHappened(tx, report.id));
    await addEvent(tx, actor, report, decision === 'completed' ? 'completed' : 'returned', { comment });
    await writeAudit(tx, actor, {
      company: stampsOf(report),
      action: decision === 'completed' ? 'billing-report.complete' : 'billing-report.return',
      targetType: 'billing-report',
      targetId: report.id,
      before: { status: 'submitted_to_vendor' },
      after: { status: decision, comment },
    });
    const [vendor] = await tx.select({ name: companyCards.name }).from(companyCards).where(eq(companyCards.id, actor.company.id));
    await queueBillDecisionMails(
      tx,
      jobs,
      decided,
      {
        event: decision === 'completed' ? 'billing-report-completed' : 'billing-report-returned',
        reviewerName: vendor?.name ?? '',
        comment,
        by: actor.userId,
      },
      origin,
    );
    return { id: report.id, status: decision };
  });
}

export async function completeBillingReport(
  db: Db,
  jobs: JobQueue,
  actor: Actor,
  input: z.input<typeof ZCompleteBillingReportInput>,
  context: { origin?: string } = {},
) {
  const { reportId, comment } = ZCompleteBillingReportInput.parse(input);
  return decide(db, jobs, actor, reportId, 'completed', comment?.trim() || null, context.origin);
}

export async function returnBillingReport(
  db: Db,
  jobs: JobQueue,
  actor: Actor,
  input: z.input<typeof ZReturnBillingReportInput>,
  context: { origin?: string } = {},
) {
  const { reportId, comment } = ZReturnBillingReportInput.parse(input);
  const reason = comment.trim();
  if (!reason) throw new DomainError('BAD_REQUEST', m.billing_return_reason(), { field: 'comment' });
  return decide(db, jobs, actor, reportId, 'returned_by_vendor', reason, context.origin);
}
