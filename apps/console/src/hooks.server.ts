import type { Handle } from '@sveltejs/kit/hooks';
import { createApiCaller } from '@keyway/api';
import { surviveConnectionLoss } from '@keyway/db';
import { isCrossSiteRequest, validateSessionToken } from '@keyway/core/auth';
import { contextFor, publicOrigin, sessionCookieFor } from '#lib/server/context.ts';
import { db } from '#lib/server/db.ts';
import { paraglideMiddleware } from '#lib/paraglide/server.js';
import { defineCustomServerStrategy } from '#lib/paraglide/runtime.js';
import { closeOnShutdown } from '#lib/server/shutdown.ts';

closeOnShutdown();
surviveConnectionLoss('console');

/**
 * The language of the signed-in user whose request this is (Account Information), read by the
 * `custom-user` strategy; a signed-out request has none and falls through to the browser's.
 */
const userLanguage = new WeakMap<Request, string>();
defineCustomServerStrategy('custom-user', { getLocale: (request) => (request ? userLanguage.get(request) : undefined) });

export const handle: Handle = async ({ event, resolve }) => {
  if (event.url.pathname === '/healthz') return new Response('ok');

  // The public API (/api/v1) is authenticated by API keys in the Authorization header, never by
  // the session cookie: a forged cross-site request has no credential to ride on there, so the
  // cookie's cross-site check does not apply and no session is resolved for it.
  const publicApi = event.url.pathname.startsWith('/api/v1/');

  if (!publicApi && isCrossSiteRequest(event.request.method, event.request.headers, publicOrigin(event))) {
    return Response.json(
      { error: { message: 'Cross-site requests are refused. Use the console at its own address.' } },
      { status: 403 },
    );
  }

  const cookie = sessionCookieFor(event);
  const token = publicApi ? undefined : event.cookies.get(cookie.name);
  const signedIn = token ? await validateSessionToken(db(), token) : null;
  if (token && !signedIn) cookie.clear();
  if (token && signedIn?.refreshed) cookie.set(token, signedIn.session.expiresAt);
  event.locals.auth = signedIn;
  event.locals.api = createApiCaller(contextFor(event));
  if (signedIn) userLanguage.set(event.request, signedIn.user.language);

  // The locale is never in the address, so the middleware's de-localized request is the same
  // request: only its locale (for messages, formats and `<html lang>`) is used.
  const response = await paraglideMiddleware(event.request, ({ locale }) =>
    resolve(event, { transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale) }),
  );
  setSecurityHeaders(response.headers, publicOrigin(event));
  return response;
};

/**
 * Headers for every response (the Content-Security-Policy comes from the framework's `csp`
 * configuration, with its nonces). HSTS only when the console is served over https, or a local
 * http run would teach the browser to refuse it.
 */
function setSecurityHeaders(headers: Headers, origin: string): void {
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  headers.set('X-Frame-Options', 'DENY');
  if (origin.startsWith('https:')) headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
}
