import type { RequestHandler } from '@sveltejs/kit';
import { keyExportInputFromQuery, startKeyExport } from '@keyway/core/registration-keys';
import { exportResponse } from '#lib/server/export-response.ts';

/** Streams the registration keys chosen with `registrationKeys.export`: a batch's, or a filter's. */
export const GET: RequestHandler = (event) =>
  exportResponse(event, {
    permission: 'registrationKeys.view',
    filename: 'registration-keys',
    inputFromQuery: keyExportInputFromQuery,
    start: startKeyExport,
  });
