import { signIn, signOut, ZSignInInput } from '@keyway/core/account';
import { requestPasswordReset, resetPassword, ZRequestPasswordResetInput, ZResetPasswordInput } from '@keyway/core/auth';
import { companyProcedure, publicProcedure, requires, router } from '../trpc.ts';

export const authRouter = router({
  signIn: publicProcedure.input(ZSignInInput).mutation(async ({ ctx, input }) => {
    const session = await signIn(ctx.db, input, {
      ip: ctx.ip ?? 'unknown',
      userAgent: ctx.userAgent,
      deviceToken: ctx.cookies.device,
    });
    ctx.cookies.set(session.token, session.expiresAt);
    ctx.cookies.setDevice(session.device.token, session.device.expiresAt);
    return { redirectTo: session.tier === 'customer' ? '/portal' : '/dashboard' };
  }),

  signOut: companyProcedure
    .meta({ allowWhileSuspended: true })
    .use(requires('account.self'))
    .mutation(async ({ ctx }) => {
    await signOut(
      ctx.db,
      { sessionId: ctx.auth.session.id, userId: ctx.auth.user.id, company: ctx.auth.company },
      ctx.ip,
    );
    ctx.cookies.clear();
    return { signedOut: true };
  }),

  requestPasswordReset: publicProcedure
    .input(ZRequestPasswordResetInput)
    .mutation(({ ctx, input }) =>
      requestPasswordReset(ctx.db, ctx.jobs, input, { ip: ctx.ip ?? 'unknown', origin: ctx.origin }),
    ),

  resetPassword: publicProcedure
    .input(ZResetPasswordInput)
    .mutation(({ ctx, input }) => resetPassword(ctx.db, input, { ip: ctx.ip ?? 'unknown' })),

  me: companyProcedure.use(requires('account.self')).query(({ ctx }) => {
    const { session: _session, ...me } = ctx.auth;
    return me;
  }),
});
