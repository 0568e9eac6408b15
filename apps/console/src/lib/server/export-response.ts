import { Readable } from 'node:stream';
import type { RequestEvent } from '@sveltejs/kit';
import { actorDb, actorFrom, DomainError, type Actor } from '@keyway/core';
import { isCrossSiteStart } from '@keyway/core/auth';
import type { Permission } from '@keyway/core/privileges';
import { publicOrigin } from '#lib/server/context.ts';
import { db } from '#lib/server/db.ts';

type Database = ReturnType<typeof db>;

const refuse = (status: number, message: string, headers?: Record<string, string>) =>
  Response.json({ error: { message } }, { status, headers });

const STATUS: Partial<Record<DomainError['code'], number>> = { BAD_REQUEST: 400, NOT_FOUND: 404, FORBIDDEN: 403 };

/**
 * The download of an export. The session, the privilege `permission` and the address's input are
 * checked again here (the address is a convenience, not a grant); the file streams as
 * `<filename>-<date>.<format>` with its row count in `X-Export-Rows`. Too many exports answer 429
 * with `Retry-After`. A download started from another site (a link on another page, which the
 * browser sends with the session cookie) is refused before it counts against the quota.
 */
export async function exportResponse<Input extends { format: 'csv' | 'xlsx' }>(
  event: RequestEvent,
  options: {
    permission: Permission;
    filename: string;
    inputFromQuery: (query: URLSearchParams) => Input;
    start: (database: Database, actor: Actor, input: Input) => Promise<{ rows: number; stream: Readable }>;
  },
): Promise<Response> {
  const { locals, url, getClientAddress, request } = event;
  if (isCrossSiteStart(request.headers, publicOrigin(event))) {
    return refuse(403, 'Exports start from the console itself. Open the list in the console and export from there.');
  }
  if (!locals.auth) return refuse(401, 'Sign in to continue.');
  if (!locals.auth.permissions.includes(options.permission)) return refuse(403, 'Your account does not have permission to do this.');
  let input: Input;
  try {
    input = options.inputFromQuery(url.searchParams);
  } catch {
    return refuse(400, 'The export address is not valid. Start the export again.');
  }
  try {
    const actor = actorFrom(locals.auth, getClientAddress());
    // The count and the stream read as the actor, under the row-level policies, like any request.
    const { rows, stream } = await options.start(actorDb(db(), actor), actor, input);
    const date = new Date().toISOString().slice(0, 10);
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      headers: {
        'content-type':
          input.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="${options.filename}-${date}.${input.format}"`,
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
}
