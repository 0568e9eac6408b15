import {
  createAccount,
  createApiKey,
  disableAccount,
  enableAccount,
  getOwnCompany,
  listAccounts,
  listApiKeys,
  revokeApiKey,
  sendAccountPasswordReset,
  updateAccount,
  updateOwnCompany,
  ZAccountTargetInput,
  ZCreateAccountInput,
  ZCreateApiKeyInput,
  ZListAccountsInput,
  ZListApiKeysInput,
  ZRevokeApiKeyInput,
  ZUpdateAccountInput,
  ZUpdateCompanyInput,
} from '@keyway/core/company';
import { companyProcedure, requires, router } from '../trpc.ts';

/**
 * Accounts procedures serve Company Information (the own company) and the Accounts tabs of
 * partners and customers (`companyId`). The step below lets through anyone who may manage either;
 * `assertCanManageAccountsOf` in core then checks the right privilege for the company in question.
 */
const readAccounts = companyProcedure.use(requires('company.view', 'partners.view', 'customers.view'));
const writeAccounts = companyProcedure.use(requires('company.accounts', 'partners.modify', 'customers.modify'));
/** API keys are the own company's, managed by its Administrators only (privilege table). */
const manageApiKeys = companyProcedure.use(requires('company.apiKeys'));
const resetPasswords = companyProcedure.use(
  requires('company.resetPasswords', 'partners.modify', 'customers.modify'),
);

export const companyRouter = router({
  get: companyProcedure.use(requires('company.view')).query(({ ctx }) => getOwnCompany(ctx.db, ctx.actor)),
  // The profile stays editable while the company is suspended (DESIGN §1).
  update: companyProcedure
    .meta({ allowWhileSuspended: true })
    .use(requires('company.modify'))
    .input(ZUpdateCompanyInput)
    .mutation(({ ctx, input }) => updateOwnCompany(ctx.db, ctx.actor, input)),

  accounts: router({
    list: readAccounts.input(ZListAccountsInput).query(({ ctx, input }) => listAccounts(ctx.db, ctx.actor, input)),
    create: writeAccounts
      .input(ZCreateAccountInput)
      .mutation(({ ctx, input }) => createAccount(ctx.db, ctx.jobs, ctx.actor, input, { origin: ctx.origin })),
    update: writeAccounts
      .input(ZUpdateAccountInput)
      .mutation(({ ctx, input }) => updateAccount(ctx.db, ctx.actor, input)),
    disable: writeAccounts
      .input(ZAccountTargetInput)
      .mutation(({ ctx, input }) => disableAccount(ctx.db, ctx.actor, input)),
    enable: writeAccounts
      .input(ZAccountTargetInput)
      .mutation(({ ctx, input }) => enableAccount(ctx.db, ctx.actor, input)),
    sendPasswordReset: resetPasswords
      .input(ZAccountTargetInput)
      .mutation(({ ctx, input }) =>
        sendAccountPasswordReset(ctx.db, ctx.jobs, ctx.actor, input, { origin: ctx.origin }),
      ),
  }),

  apiKeys: router({
    list: manageApiKeys.input(ZListApiKeysInput).query(({ ctx, input }) => listApiKeys(ctx.db, ctx.actor, input)),
    create: manageApiKeys.input(ZCreateApiKeyInput).mutation(({ ctx, input }) => createApiKey(ctx.db, ctx.actor, input)),
    revoke: manageApiKeys.input(ZRevokeApiKeyInput).mutation(({ ctx, input }) => revokeApiKey(ctx.db, ctx.actor, input)),
  }),
});
