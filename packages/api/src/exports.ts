import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { billingReportLinesExport, billingReportsExport } from '@keyway/core/billing-reports';
import { customerExport } from '@keyway/core/customers';
import type { ExportDefinition, ExportFile } from '@keyway/core/exports';
import { keyExport } from '@keyway/core/registration-keys';
import { transactionExport } from '@keyway/core/transactions';
import { usageReportLinesExport, usageReportsExport } from '@keyway/core/usage-reports';
import type { Context } from './context.ts';
import { companyProcedure, createCallerFactory, requires, router } from './trpc.ts';

/** Who may have an export: a signed-in person of a company holding the export's permission. */
const allowed = (definition: { permission: ExportDefinition<unknown>['permission'] }) =>
  companyProcedure.use(requires(definition.permission));

/** The procedure a list's export menu calls: it checks the export may run and answers its address and row count. */
export const prepareExport = <Input extends object>(definition: ExportDefinition<Input>) =>
  allowed(definition)
    .input(definition.input)
    .mutation(({ ctx, input }) => definition.prepare(ctx.db, ctx.actor, input as Input));

/** Every export the console's download endpoint serves, by the last segment of its address. */
const EXPORTS: Pick<ExportDefinition<unknown>, 'kind' | 'permission' | 'download'>[] = [
  customerExport,
  transactionExport,
  keyExport,
  usageReportsExport,
  usageReportLinesExport,
  billingReportsExport,
  billingReportLinesExport,
];

/**
 * The files themselves. A stream is no JSON answer, so these are not on the app router: the
 * console's download endpoint calls them in process, through the same ladder as every procedure
 * (signed in, a company, the export's permission) before the address is read.
 */
export const downloadRouter = router(
  Object.fromEntries(
    EXPORTS.map((definition) => [
      definition.kind,
      allowed(definition)
        .input(z.instanceof(URLSearchParams))
        .query(({ ctx, input }) => definition.download(ctx.db, ctx.actor, input)),
    ]),
  ),
);

const createDownloadCaller = createCallerFactory(downloadRouter);

/**
 * Starts the file of export `kind` (`/api/exports/<kind>`) for the request's person; `query` is
 * the download address's query. Refusals are TRPCErrors, as from any procedure.
 */
export async function downloadExport(context: Context, kind: string, query: URLSearchParams): Promise<ExportFile> {
  if (!EXPORTS.some((definition) => definition.kind === kind)) {
    throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such export.' });
  }
  const caller = createDownloadCaller(context) as unknown as Record<string, (query: URLSearchParams) => Promise<ExportFile>>;
  return caller[kind]!(query);
}
