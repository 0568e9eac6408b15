import {
  changeProductComposition,
  createProduct,
  listProducts,
  setProductEnabled,
  updateProduct,
  ZChangeProductCompositionInput,
  ZCreateProductInput,
  ZListProductsInput,
  ZSetProductEnabledInput,
  ZUpdateProductInput,
} from '@keyway/core/catalog';
import { companyProcedure, requires, router } from '../trpc.ts';

const view = companyProcedure.use(requires('catalog.view'));
const modify = companyProcedure.use(requires('catalog.modify'));

/** `catalog`: the vendor's products (Product Catalog). */
export const catalogRouter = router({
  list: view.input(ZListProductsInput).query(({ ctx, input }) => listProducts(ctx.db, ctx.actor, input)),
  create: modify.input(ZCreateProductInput).mutation(({ ctx, input }) => createProduct(ctx.db, ctx.actor, input)),
  update: modify.input(ZUpdateProductInput).mutation(({ ctx, input }) => updateProduct(ctx.db, ctx.actor, input)),
  /** `enabled: false` disables the product for new pools, plans and keys. */
  setEnabled: modify.input(ZSetProductEnabledInput).mutation(({ ctx, input }) => setProductEnabled(ctx.db, ctx.actor, input)),
  /**
   * The vendor changed what a product is made of: the product's plans lock until their owners
   * approve, and every live license of it gets a "suite composition change" transaction.
   */
  changeComposition: modify
    .input(ZChangeProductCompositionInput)
    .mutation(({ ctx, input }) =>
      changeProductComposition(
        ctx.db,
        input.productId,
        { description: input.description },
        { userId: ctx.actor.userId, companyId: ctx.actor.company.id, ip: ctx.actor.ip },
      ),
    ),
});
