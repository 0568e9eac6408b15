import type { AppRouter } from '@keyway/api';
import { createTRPCClient, httpBatchLink, isTRPCClientError } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import superjson from 'superjson';
import { m } from '#lib/paraglide/messages.js';

/**
 * The browser's tRPC client. Server loads do not use it: they call `locals.api` in-process.
 * Same-origin fetches carry the session cookie, and the browser adds the `Origin` header the
 * server's cross-site check expects on mutations.
 */
export const trpc = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: '/api/trpc', transformer: superjson })],
});

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export interface ApiFailure {
  /** The server's human-readable message. */
  message: string;
  /** tRPC error code, e.g. `UNAUTHORIZED`, `TOO_MANY_REQUESTS`. */
  code: string | undefined;
  /** Zod field errors, keyed by input field. */
  fieldErrors: Record<string, string[]>;
  /** Set on TOO_MANY_REQUESTS: how long to wait before trying again. */
  retryAfterSeconds: number | undefined;
}

/** What a failed tRPC call from the browser tells the user. */
export function apiFailure(error: unknown): ApiFailure {
  if (isTRPCClientError<AppRouter>(error)) {
    const data = error.data as
      | { code?: string; fieldErrors?: Record<string, string[]>; retryAfterSeconds?: number }
      | undefined;
    return {
      message: error.message,
      code: data?.code,
      fieldErrors: data?.fieldErrors ?? {},
      retryAfterSeconds: data?.retryAfterSeconds,
    };
  }
  return {
    message: m.errors_unreachable(),
    code: undefined,
    fieldErrors: {},
    retryAfterSeconds: undefined,
  };
}
