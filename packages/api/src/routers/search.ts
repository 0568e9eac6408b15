import { searchCompanies, ZSearchCompaniesInput } from '@keyway/core';
import { companyProcedure, requires, router } from '../trpc.ts';

export const searchRouter = router({
  companies: companyProcedure
    .use(requires('customers.view', 'partners.view'))
    .input(ZSearchCompaniesInput)
    .query(({ ctx, input }) => searchCompanies(ctx.db, ctx.actor, input)),
});
