import { DomainError } from '@keyway/core/errors';
import { localeFromAcceptLanguage, m } from '@keyway/core/i18n';
import { withLocale } from '@keyway/core/i18n-server';

/*
 * The public REST API under /api/v1: authenticated by API keys (never by the session cookie, so
 * the hooks skip the cookie's cross-site check for it), answering JSON, with errors shaped as the
 * console's other HTTP endpoints shape them: `{ "error": { "message": "…" } }`.
 */

/** Bodies above this are refused before they are parsed (413). */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

const STATUS: Record<DomainError['code'], number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
};

/** A refusal the transport itself makes (body too large, not JSON). */
class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const refuse = (status: number, message: string, headers?: Record<string, string>) =>
  Response.json({ error: { message } }, { status, headers });

/**
 * The request's JSON body, read at most `MAX_BODY_BYTES` (whatever Content-Length claims, the
 * stream is counted as it arrives).
 */
export function jsonBody(request: Request): () => Promise<unknown> {
  return async () => {
    const tooLarge = `The body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB: send fewer records per request.`;
    if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) throw new BodyError(413, tooLarge);
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (request.body) {
      const reader = request.body.getReader();
      for (let part = await reader.read(); !part.done; part = await reader.read()) {
        size += part.value.byteLength;
        if (size > MAX_BODY_BYTES) {
          await reader.cancel();
          throw new BodyError(413, tooLarge);
        }
        chunks.push(part.value);
      }
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.trim() === '') throw new BodyError(400, 'The body is empty: send JSON, e.g. { "records": [ … ] }.');
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new BodyError(400, `The body is not valid JSON (${(error as Error).message}).`);
    }
  };
}

/**
 * Runs one API call and answers its result as JSON (200), or its refusal with the status of its
 * code: 401 with `WWW-Authenticate`, 429 with `Retry-After`. Anything unexpected is a 500 whose
 * message hides the internals; the cause is logged. The API's messages are in the language the
 * request's Accept-Language asks for (an API key has no person, so no Account Information), else
 * English.
 */
export function publicApiResponse(request: Request, run: () => Promise<unknown>): Promise<Response> {
  return withLocale(localeFromAcceptLanguage(request.headers.get('accept-language')), () => respond(run));
}

async function respond(run: () => Promise<unknown>): Promise<Response> {
  try {
    return Response.json(await run());
  } catch (error) {
    if (error instanceof BodyError) return refuse(error.status, error.message);
    if (error instanceof DomainError) {
      const headers: Record<string, string> = {};
      if (error.code === 'UNAUTHORIZED') headers['www-authenticate'] = 'Bearer realm="keyway"';
      const retryAfter = error.details?.retryAfterSeconds;
      if (error.code === 'TOO_MANY_REQUESTS' && typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
      return refuse(STATUS[error.code], error.message, headers);
    }
    console.error('[api/v1] failed:', error);
    return refuse(500, m.api_internal_error());
  }
}
