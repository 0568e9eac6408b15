import { getCompany, ZGetCompanyInput } from '@keyway/core';
import { companyProcedure, requires, router } from '../trpc.ts';

export const partnersRouter = router({
  get: companyProcedure
    .use(requires('partners.view'))
    .input(ZGetCompanyInput)
    .query(({ ctx, input }) => getCompany(ctx.db, ctx.actor, input, ['tier1', 'tier2'])),
});
