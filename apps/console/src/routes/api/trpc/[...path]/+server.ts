import type { RequestHandler } from '@sveltejs/kit';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@keyway/api';
import { contextFor } from '#lib/server/context.ts';

/** The tRPC endpoint. Cookies set by procedures (sign-in, sign-out) go out with the response. */
const handler: RequestHandler = (event) =>
  fetchRequestHandler({
    endpoint: '/api/trpc',
    req: event.request,
    router: appRouter,
    createContext: () => contextFor(event),
    responseMeta({ errors }) {
      const limited = errors.find((e) => e.code === 'TOO_MANY_REQUESTS')?.cause as
        | { details?: { retryAfterSeconds?: number } }
        | undefined;
      const seconds = limited?.details?.retryAfterSeconds;
      return seconds ? { headers: new Headers({ 'Retry-After': String(seconds) }) } : {};
    },
  });

export const GET = handler;
export const POST = handler;
