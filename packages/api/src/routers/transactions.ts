import {
  listTransactions,
  transactionExport,
  transactionFilterOptions,
  ZListTransactionsInput,
  ZTransactionFilterOptionsInput,
} from '@keyway/core/transactions';
import { prepareExport } from '../exports.ts';
import { companyProcedure, requires, router } from '../trpc.ts';

const view = companyProcedure.use(requires('transactions.view'));

export const transactionsRouter = router({
  list: view.input(ZListTransactionsInput).query(({ ctx, input }) => listTransactions(ctx.db, ctx.actor, input)),
  /** The types, products and months the filters offer. */
  filterOptions: view
    .input(ZTransactionFilterOptionsInput)
    .query(({ ctx, input }) => transactionFilterOptions(ctx.db, ctx.actor, input)),
  /** Checks the export may run and returns the download address and row count. */
  export: prepareExport(transactionExport),
});
