import {
  checkKey,
  listPortalAcceptances,
  listPortalProducts,
  registerKey,
  ZCheckKeyInput,
  ZPortalAcceptancesInput,
  ZPortalProductsInput,
  ZRegisterKeyInput,
} from '@keyway/core/portal';
import { companyProcedure, requires, router } from '../trpc.ts';

const portal = companyProcedure.use(requires('portal.use'));

/** `portal`: the customer portal — the customer's licenses, key registration, accepted documents. */
export const portalRouter = router({
  products: portal.input(ZPortalProductsInput).query(({ ctx, input }) => listPortalProducts(ctx.db, ctx.actor, input)),
  acceptances: portal.input(ZPortalAcceptancesInput).query(({ ctx, input }) => listPortalAcceptances(ctx.db, ctx.actor, input)),
  /** Step one of registering a key: what it is, the documents to accept, the data centers offered. Counts as an attempt. */
  checkKey: portal.input(ZCheckKeyInput).mutation(({ ctx, input }) => checkKey(ctx.db, ctx.actor, input)),
  register: portal
    .input(ZRegisterKeyInput)
    .mutation(({ ctx, input }) => registerKey(ctx.db, ctx.jobs, ctx.actor, input, { origin: ctx.origin })),
});
