import type { RequestHandler } from '@sveltejs/kit';
import { exportInputFromQuery, startCustomerExport } from '@keyway/core';
import { exportResponse } from '#lib/server/export-response.ts';

/** Streams the customer summary chosen with `customers.exportSummary`. */
export const GET: RequestHandler = (event) =>
  exportResponse(event, {
    permission: 'customers.view',
    filename: 'customers',
    inputFromQuery: exportInputFromQuery,
    start: startCustomerExport,
  });
