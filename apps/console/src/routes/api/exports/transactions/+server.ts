import type { RequestHandler } from '@sveltejs/kit';
import { startTransactionExport, transactionExportInputFromQuery } from '@keyway/core';
import { exportResponse } from '#lib/server/export-response.ts';

/** Streams the Customer Transactions chosen with `transactions.export` (a company must be below the caller). */
export const GET: RequestHandler = (event) =>
  exportResponse(event, {
    permission: 'transactions.view',
    filename: 'customer-transactions',
    inputFromQuery: transactionExportInputFromQuery,
    start: startTransactionExport,
  });
