import {
  changePassword,
  getMyAccount,
  listMySessions,
  revokeMySession,
  updateMyAccount,
  ZChangePasswordInput,
  ZRevokeSessionInput,
  ZUpdateMyAccountInput,
} from '@keyway/core/account';
import { companyProcedure, requires, router } from '../trpc.ts';

/** Administration → Account Information: every signed-in person's own account. */
const self = companyProcedure.use(requires('account.self'));
/** A person's own account stays theirs to look after while their company is suspended. */
const ownChange = companyProcedure.meta({ allowWhileSuspended: true }).use(requires('account.self'));

export const accountRouter = router({
  get: self.query(({ ctx }) => getMyAccount(ctx.db, ctx.actor)),
  update: ownChange.input(ZUpdateMyAccountInput).mutation(({ ctx, input }) => updateMyAccount(ctx.db, ctx.actor, input)),
  changePassword: ownChange
    .input(ZChangePasswordInput)
    .mutation(({ ctx, input }) => changePassword(ctx.db, ctx.actor, input, { sessionId: ctx.auth.session.id })),
  sessions: router({
    list: self.query(({ ctx }) => listMySessions(ctx.db, ctx.actor, { sessionId: ctx.auth.session.id })),
    revoke: ownChange.input(ZRevokeSessionInput).mutation(async ({ ctx, input }) => {
      const result = await revokeMySession(ctx.db, ctx.actor, input, { sessionId: ctx.auth.session.id });
      // Ending the session this request came with is signing out.
      if (result.current) ctx.cookies.clear();
      return result;
    }),
  }),
});
