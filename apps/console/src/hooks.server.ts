import type { Handle } from '@sveltejs/kit/hooks';
import { createApiCaller } from '@keyway/api';
import { isCrossSiteRequest, validateSessionToken } from '@keyway/core/auth';
import { contextFor, publicOrigin, sessionCookieFor } from '#lib/server/context.ts';
import { db } from '#lib/server/db.ts';
import { closeOnShutdown } from '#lib/server/shutdown.ts';

closeOnShutdown();

export const handle: Handle = async ({ event, resolve }) => {
  if (event.url.pathname === '/healthz') return new Response('ok');

  if (isCrossSiteRequest(event.request.method, event.request.headers, publicOrigin(event))) {
    return Response.json(
      { error: { message: 'Cross-site requests are refused. Use the console at its own address.' } },
      { status: 403 },
    );
  }

  const cookie = sessionCookieFor(event);
  const token = event.cookies.get(cookie.name);
  const signedIn = token ? await validateSessionToken(db(), token) : null;
  if (token && !signedIn) cookie.clear();
  if (token && signedIn?.refreshed) cookie.set(token, signedIn.session.expiresAt);
  event.locals.auth = signedIn;
  event.locals.api = createApiCaller(contextFor(event));

  return resolve(event);
};
