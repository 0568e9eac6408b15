import {
  applyPromoCode,
  billingReportHistory,
  billingReportLinesExport,
  billingReportsExport,
  billingSummary,
  completeBillingReport,
  getBillingReport,
  listBillingReports,
  queueBillingRun,
  resetPrices,
  returnBillingReport,
  setPurchaseOrder,
  submitBillingReport,
  ZApplyPromoCodeInput,
  ZBillingReportIdInput,
  ZBillingSummaryInput,
  ZCompleteBillingReportInput,
  ZListBillingReportsInput,
  ZReturnBillingReportInput,
  ZRunBillingInput,
  ZSetPurchaseOrderInput,
  ZSubmitBillingReportInput,
} from '@keyway/core/billing-reports';
import { prepareExport } from '../exports.ts';
import { companyProcedure, requires, router } from '../trpc.ts';

const view = companyProcedure.use(requires('billingReports.view'));
const run = companyProcedure.use(requires('billingReports.run'));
const intake = companyProcedure.use(requires('billingReports.intake'));

export const billingReportsRouter = router({
  /** A tier-1's bills; the vendor's intake of submitted bills of every tier-1. */
  list: view.input(ZListBillingReportsInput).query(({ ctx, input }) => listBillingReports(ctx.db, ctx.actor, input)),
  get: view.input(ZBillingReportIdInput).query(({ ctx, input }) => getBillingReport(ctx.db, ctx.actor, input)),
  history: view.input(ZBillingReportIdInput).query(({ ctx, input }) => billingReportHistory(ctx.db, ctx.actor, input)),
  /** A cycle's bills per status and totals per currency (the dashboard widget, the intake header). */
  summary: view.input(ZBillingSummaryInput).query(({ ctx, input }) => billingSummary(ctx.db, ctx.actor, input)),
  /** "Run billing" for a finished cycle: enqueues `billing.run`. */
  run: run.input(ZRunBillingInput).mutation(({ ctx, input }) => queueBillingRun(ctx.db, ctx.jobs, ctx.actor, input)),
  setPurchaseOrder: run.input(ZSetPurchaseOrderInput).mutation(({ ctx, input }) => setPurchaseOrder(ctx.db, ctx.actor, input)),
  applyPromoCode: run.input(ZApplyPromoCodeInput).mutation(({ ctx, input }) => applyPromoCode(ctx.db, ctx.actor, input)),
  resetPrices: run.input(ZBillingReportIdInput).mutation(({ ctx, input }) => resetPrices(ctx.db, ctx.actor, input)),
  submit: run.input(ZSubmitBillingReportInput).mutation(({ ctx, input }) => submitBillingReport(ctx.db, ctx.actor, input)),
  complete: intake
    .input(ZCompleteBillingReportInput)
    .mutation(({ ctx, input }) => completeBillingReport(ctx.db, ctx.jobs, ctx.actor, input, { origin: ctx.origin })),
  return: intake
    .input(ZReturnBillingReportInput)
    .mutation(({ ctx, input }) => returnBillingReport(ctx.db, ctx.jobs, ctx.actor, input, { origin: ctx.origin })),
  /** The filtered list as CSV or XLSX: the download address and row count. */
  export: prepareExport(billingReportsExport),
  /** One bill's lines. */
  exportLines: prepareExport(billingReportLinesExport),
});
