import { error } from '@sveltejs/kit';
import { trpcErrorCode } from '#lib/api-errors.ts';

/**
 * What a detail page reads for one id: the server's NOT_FOUND, which it also gives for ids outside
 * the caller's view, becomes a 404 page with `message`; a malformed id (BAD_REQUEST) is as absent
 * as an unknown one. Anything else fails as it did.
 */
export async function orNotFound<T>(message: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (cause) {
    const code = trpcErrorCode(cause);
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') error(404, { message });
    throw cause;
  }
}
