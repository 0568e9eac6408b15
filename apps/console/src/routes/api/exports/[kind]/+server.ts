import { Readable } from 'node:stream';
import type { RequestHandler } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { downloadExport } from '@keyway/api';
import { isCrossSiteStart } from '@keyway/core/auth';
import { DomainError } from '@keyway/core/errors';
import { contextFor, publicOrigin } from '#lib/server/context.ts';

const refuse = (status: number, message: string, headers?: Record<string, string>) =>
  Response.json({ error: { message } }, { status, headers });

const CONTENT_TYPE = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/**
 * The download of an export chosen with its list's export procedure. The session, the export's
 * permission and the address's input are checked again by the api, through the same procedure
 * ladder as every call (the address is a convenience, not a grant); the file streams as
 * `<name>-<date>.<format>` with its row count in `X-Export-Rows`. Too many exports answer 429
 * with `Retry-After`. A download started from another site (a link on another page, which the
 * browser sends with the session cookie) is refused before it counts against the quota.
 */
export const GET: RequestHandler = async (event) => {
  if (isCrossSiteStart(event.request.headers, publicOrigin(event))) {
    return refuse(403, 'Exports start from the console itself. Open the list in the console and export from there.');
  }
  try {
    // The count and the stream read as the actor, under the row-level policies, like any request.
    const file = await downloadExport(contextFor(event), event.params.kind!, event.url.searchParams);
    return new Response(Readable.toWeb(file.stream) as ReadableStream, {
      headers: {
        'content-type': CONTENT_TYPE[file.format],
        'content-disposition': `attachment; filename="${file.fileName}"`,
        'x-export-rows': String(file.rows),
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const status = getHTTPStatusCodeFromError(error);
    if (error.code === 'TOO_MANY_REQUESTS') {
      const wait = error.cause instanceof DomainError ? error.cause.details?.retryAfterSeconds : undefined;
      return refuse(status, error.message, { 'retry-after': String(wait ?? 60) });
    }
    return refuse(status, error.message);
  }
};
