import { Readable } from 'node:stream';
import type { RequestHandler } from '@sveltejs/kit';
import { actorFrom, DomainError, startTransactionExport, transactionExportInputFromQuery } from '@keyway/core';
import { db } from '#lib/server/db.ts';

const refuse = (status: number, message: string, headers?: Record<string, string>) =>
  Response.json({ error: { message } }, { status, headers });

const STATUS: Partial<Record<DomainError['code'], number>> = { BAD_REQUEST: 400, NOT_FOUND: 404, FORBIDDEN: 403 };

/**
 * Streams the Customer Transactions chosen with `transactions.export`. The session, the privilege
 * and the filters (a company must be below the caller) are checked again here: the address is a
 * convenience, not a grant.
 */
export const GET: RequestHandler = async ({ locals, url, getClientAddress }) => {
  if (!locals.auth) return refuse(401, 'Sign in to continue.');
  if (!locals.auth.permissions.includes('transactions.view')) return refuse(403, 'Your account does not have permission to do this.');
  let input;
  try {
    input = transactionExportInputFromQuery(url.searchParams);
  } catch {
    return refuse(400, 'The export address is not valid. Start the export again.');
  }
  try {
    const { rows, stream } = await startTransactionExport(db(), actorFrom(locals.auth, getClientAddress()), input);
    const date = new Date().toISOString().slice(0, 10);
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      headers: {
        'content-type':
          input.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="customer-transactions-${date}.${input.format}"`,
        'x-export-rows': String(rows),
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'TOO_MANY_REQUESTS') {
      return refuse(429, error.message, { 'retry-after': String(error.details?.retryAfterSeconds ?? 60) });
    }
    if (error instanceof DomainError && STATUS[error.code]) return refuse(STATUS[error.code]!, error.message);
    throw error;
  }
};
