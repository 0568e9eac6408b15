import {
  createPromoCode,
  deletePromoCode,
  getPromoCode,
  listPromoCodes,
  updatePromoCode,
  ZCreatePromoCodeInput,
  ZListPromoCodesInput,
  ZPromoCodeIdInput,
  ZUpdatePromoCodeInput,
} from '@keyway/core/price-lists';
import { companyProcedure, requires, router } from '../trpc.ts';

const view = companyProcedure.use(requires('promoCodes.view'));
const modify = companyProcedure.use(requires('promoCodes.modify'));

/** The vendor's promo codes (a tier-1 specifies one on a billing line: `billingReports.applyPromoCode`). */
export const promoCodesRouter = router({
  list: view.input(ZListPromoCodesInput).query(({ ctx, input }) => listPromoCodes(ctx.db, ctx.actor, input)),
  get: view.input(ZPromoCodeIdInput).query(({ ctx, input }) => getPromoCode(ctx.db, ctx.actor, input)),
  create: modify.input(ZCreatePromoCodeInput).mutation(({ ctx, input }) => createPromoCode(ctx.db, ctx.actor, input)),
  update: modify.input(ZUpdatePromoCodeInput).mutation(({ ctx, input }) => updatePromoCode(ctx.db, ctx.actor, input)),
  delete: modify.input(ZPromoCodeIdInput).mutation(({ ctx, input }) => deletePromoCode(ctx.db, ctx.actor, input)),
});
