import {
  dashboardSummary,
  expiringLicenses,
  licenseStatusHistory,
  ZExpiringLicensesInput,
  ZLicenseHistoryInput,
} from '@keyway/core/dashboard';
import { companyProcedure, requires, router } from '../trpc.ts';

/** License figures are part of the customer summary: every role that reads it sees them. */
const licenseFigures = companyProcedure.use(requires('customers.summary'));

export const dashboardRouter = router({
  summary: companyProcedure
    .use(requires('dashboard.view'))
    .query(({ ctx }) => dashboardSummary(ctx.db, ctx.actor)),
  licenseHistory: licenseFigures
    .input(ZLicenseHistoryInput)
    .query(({ ctx, input }) => licenseStatusHistory(ctx.db, ctx.actor, input)),
  expiringLicenses: licenseFigures
    .input(ZExpiringLicensesInput)
    .query(({ ctx, input }) => expiringLicenses(ctx.db, ctx.actor, input)),
});
