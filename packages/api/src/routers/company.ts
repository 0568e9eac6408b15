import { createAccount, ZCreateAccountInput } from '@keyway/core';
import { companyProcedure, requires, router } from '../trpc.ts';

export const companyRouter = router({
  accounts: router({
    create: companyProcedure
      .use(requires('company.accounts'))
      .input(ZCreateAccountInput)
      .mutation(({ ctx, input }) => createAccount(ctx.db, ctx.jobs, ctx.actor, input, { origin: ctx.origin })),
  }),
});
