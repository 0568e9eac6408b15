import { dashboardSummary } from '@keyway/core';
import { companyProcedure, requires, router } from '../trpc.ts';

export const dashboardRouter = router({
  summary: companyProcedure
    .use(requires('dashboard.view'))
    .query(({ ctx }) => dashboardSummary(ctx.db, ctx.actor)),
});
