import { dashboardSummary } from '@keyway/core/dashboard';
import { companyProcedure, requires, router } from '../trpc.ts';

export const dashboardRouter = router({
  summary: companyProcedure
    .use(requires('dashboard.view'))
    .query(({ ctx }) => dashboardSummary(ctx.db, ctx.actor)),
});
