import type { RequestHandler } from '@sveltejs/kit';
import { reportUsage } from '@keyway/core/usage';
import { db } from '#lib/server/db.ts';
import { jsonBody, publicApiResponse } from '#lib/server/public-api.ts';

/**
 * Usage ingest for product back ends: `Authorization: Bearer kw_…` and `{ "records": [ … ] }`.
 * A REST endpoint calling core directly, not a tRPC procedure: its callers are machines holding
 * an API key, not sessions, and it answers plain JSON with HTTP statuses an integrator expects
 * (401, 413, 429 with Retry-After), which tRPC's envelope and superjson would only get in the way of.
 */
export const POST: RequestHandler = ({ request }) =>
  publicApiResponse(request, () => reportUsage(db(), request.headers.get('authorization'), jsonBody(request)));
