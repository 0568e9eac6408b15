import { ZListProductsInput } from '@keyway/core/catalog';
import { defineListParams, sortParams } from '#lib/components/list/list-params.ts';

/** Product Catalog's address: `?status=disabled&q=mail&sort=code`. */
export const productsList = defineListParams(ZListProductsInput, {
  q: { path: 'filters.query' },
  status: { path: 'filters.status' },
  ...sortParams(),
});
