import { ZListTransactionsInput } from '@keyway/core/transactions';
import { defineListParams } from '#lib/components/list/list-params.ts';

/** The Customer Transactions filters as they stand in the address (`?type=new-purchase&month=2026-11`). */
export const transactionsList = defineListParams(ZListTransactionsInput, {
  type: { path: 'filters.type' },
  product: { path: 'filters.productId' },
  /** `YYYY-MM`. */
  month: { path: 'filters.month' },
  /** A customer's or partner's id. */
  company: { path: 'filters.companyId' },
});
