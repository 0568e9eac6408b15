import {
  deleteMargin,
  deletePrice,
  listBillingAccounts,
  listMargins,
  listPriceableProducts,
  listPrices,
  setBillingCurrency,
  setMargin,
  setPrice,
  ZListMarginsInput,
  ZListPricesInput,
  ZMarginIdInput,
  ZPriceIdInput,
  ZSetCurrencyInput,
  ZSetMarginInput,
  ZSetPriceInput,
} from '@keyway/core/price-lists';
import { companyProcedure, requires, router } from '../trpc.ts';

const view = companyProcedure.use(requires('priceLists.view'));
const modify = companyProcedure.use(requires('priceLists.modify'));

/** Administration → Price Lists: the vendor's prices, margins and billing currencies; a tier-1 reads its own. */
export const priceListsRouter = router({
  /** The catalog's products and unit types, to price one that has no price yet. */
  products: modify.query(({ ctx }) => listPriceableProducts(ctx.db)),
  list: view.input(ZListPricesInput).query(({ ctx, input }) => listPrices(ctx.db, ctx.actor, input)),
  setPrice: modify.input(ZSetPriceInput).mutation(({ ctx, input }) => setPrice(ctx.db, ctx.actor, input)),
  deletePrice: modify.input(ZPriceIdInput).mutation(({ ctx, input }) => deletePrice(ctx.db, ctx.actor, input)),
  margins: view.input(ZListMarginsInput).query(({ ctx, input }) => listMargins(ctx.db, ctx.actor, input)),
  setMargin: modify.input(ZSetMarginInput).mutation(({ ctx, input }) => setMargin(ctx.db, ctx.actor, input)),
  deleteMargin: modify.input(ZMarginIdInput).mutation(({ ctx, input }) => deleteMargin(ctx.db, ctx.actor, input)),
  /** Each tier-1's billing currency (a tier-1: its own). */
  accounts: view.query(({ ctx }) => listBillingAccounts(ctx.db, ctx.actor)),
  setCurrency: modify.input(ZSetCurrencyInput).mutation(({ ctx, input }) => setBillingCurrency(ctx.db, ctx.actor, input)),
});
