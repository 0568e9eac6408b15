import {
  approveUsageReport,
  getUsageReport,
  getUsageReportSettings,
  listUsageReports,
  usageReportLinesExport,
  usageReportsExport,
  previewUsageReport,
  rejectUsageReport,
  submitUsageReport,
  updateUsageReportLine,
  updateUsageReportSettings,
  usageReportChart,
  usageReportHistory,
  usageSummary,
  ZApproveUsageReportInput,
  ZListUsageReportsInput,
  ZRejectUsageReportInput,
  ZSubmitUsageReportInput,
  ZUpdateUsageReportLineInput,
  ZUsageReportCompanyInput,
  ZUsageReportIdInput,
  ZUsageReportSettingsInput,
  ZUsageSummaryInput,
} from '@keyway/core/usage-reports';
import { prepareExport } from '../exports.ts';
import { companyProcedure, requires, router } from '../trpc.ts';

const view = companyProcedure.use(requires('usageReports.view'));
const modify = companyProcedure.use(requires('usageReports.modify'));
const approve = companyProcedure.use(requires('usageReports.approve'));

/** `usageReports.settings`: the tier-1's auto-submit days and auto-approval (its partners read them). */
const settingsRouter = router({
  get: view.query(({ ctx }) => getUsageReportSettings(ctx.db, ctx.actor)),
  update: approve.input(ZUsageReportSettingsInput).mutation(({ ctx, input }) => updateUsageReportSettings(ctx.db, ctx.actor, input)),
});

export const usageReportsRouter = router({
  list: view.input(ZListUsageReportsInput).query(({ ctx, input }) => listUsageReports(ctx.db, ctx.actor, input)),
  get: view.input(ZUsageReportIdInput).query(({ ctx, input }) => getUsageReport(ctx.db, ctx.actor, input)),
  /** A cycle's reports per status (the dashboard widget). */
  summary: view.input(ZUsageSummaryInput).query(({ ctx, input }) => usageSummary(ctx.db, ctx.actor, input)),
  /** The current month so far, as its report would be prepared today. */
  preview: view.input(ZUsageReportCompanyInput).query(({ ctx, input }) => previewUsageReport(ctx.db, ctx.actor, input)),
  history: view.input(ZUsageReportIdInput).query(({ ctx, input }) => usageReportHistory(ctx.db, ctx.actor, input)),
  chart: view.input(ZUsageReportCompanyInput).query(({ ctx, input }) => usageReportChart(ctx.db, ctx.actor, input)),
  updateLine: modify.input(ZUpdateUsageReportLineInput).mutation(({ ctx, input }) => updateUsageReportLine(ctx.db, ctx.actor, input)),
  submit: modify.input(ZSubmitUsageReportInput).mutation(({ ctx, input }) => submitUsageReport(ctx.db, ctx.actor, input)),
  approve: approve.input(ZApproveUsageReportInput).mutation(({ ctx, input }) => approveUsageReport(ctx.db, ctx.jobs, ctx.actor, input)),
  reject: approve
    .input(ZRejectUsageReportInput)
    .mutation(({ ctx, input }) => rejectUsageReport(ctx.db, ctx.jobs, ctx.actor, input, { origin: ctx.origin })),
  /** Checks the export may run and returns the download address and row count. */
  export: prepareExport(usageReportsExport),
  /** The same for one report's lines. */
  exportLines: prepareExport(usageReportLinesExport),
  settings: settingsRouter,
});
