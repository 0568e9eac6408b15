import type { RequestHandler } from '@sveltejs/kit';
import { startUsageReportExport, usageReportExportInputFromQuery } from '@keyway/core/usage-reports';
import { exportResponse } from '#lib/server/export-response.ts';

/** Streams the usage reports (or one report's lines) chosen with `usageReports.export`. */
export const GET: RequestHandler = (event) =>
  exportResponse(event, {
    permission: 'usageReports.view',
    filename: 'usage-reports',
    inputFromQuery: usageReportExportInputFromQuery,
    start: startUsageReportExport,
  });
