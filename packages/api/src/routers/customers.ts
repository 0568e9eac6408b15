import { getCompany, ZGetCompanyInput } from '@keyway/core';
import { companyProcedure, requires, router } from '../trpc.ts';

export const customersRouter = router({
  get: companyProcedure
    .use(requires('customers.view'))
    .input(ZGetCompanyInput)
    .query(({ ctx, input }) => getCompany(ctx.db, ctx.actor, input, ['customer'])),
});
