import { ZTier1StockMovementsInput } from '@keyway/core/partners';
import { defineListParams } from '#lib/components/list/list-params.ts';

/** The Stock tab's ledger address: `?product=<id>` shows one product's movements. */
export const movementsList = defineListParams(ZTier1StockMovementsInput, {
  product: { path: 'filters.productId' },
});
