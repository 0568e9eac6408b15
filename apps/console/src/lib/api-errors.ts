/**
 * The tRPC error code of an error thrown by the in-process caller (`TRPCError.code`) or by the
 * browser client (`TRPCClientError.data.code`); undefined for anything else.
 */
export function trpcErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if ('code' in error && typeof error.code === 'string') return error.code;
  if ('data' in error && typeof error.data === 'object' && error.data !== null) {
    const data = error.data as { code?: unknown };
    if (typeof data.code === 'string') return data.code;
  }
  return undefined;
}
