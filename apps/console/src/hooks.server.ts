import type { Handle } from '@sveltejs/kit';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter, createApiCaller, createContext } from '@keyway/api';
import { isCrossSiteRequest, sessionCookie, validateSessionToken } from '@keyway/core/auth';
import { db } from '#lib/server/db.ts';
import { env } from '#lib/server/env.ts';

export const handle: Handle = async ({ event, resolve }) => {
  if (event.url.pathname === '/healthz') return new Response('ok');

  const origin = env.ORIGIN ?? event.url.origin;
  if (isCrossSiteRequest(event.request.method, event.request.headers, origin)) {
    return Response.json(
      { error: { message: 'Cross-site requests are refused. Use the console at its own address.' } },
      { status: 403 },
    );
  }

  const cookie = sessionCookie(event.url.protocol === 'https:');
  const setSession = (token: string, expiresAt: Date) =>
    event.cookies.set(cookie.name, token, { ...cookie.options, expires: expiresAt });
  const clearSession = () => event.cookies.delete(cookie.name, cookie.options);

  const token = event.cookies.get(cookie.name);
  const signedIn = token ? await validateSessionToken(db, token) : null;
  if (token && !signedIn) clearSession();
  if (token && signedIn?.refreshed) setSession(token, signedIn.session.expiresAt);
  event.locals.auth = signedIn;

  const context = createContext({
    db,
    auth: signedIn,
    ip: event.getClientAddress(),
    userAgent: event.request.headers.get('user-agent'),
    cookies: { set: setSession, clear: clearSession },
  });
  event.locals.api = createApiCaller(context);

  if (event.url.pathname.startsWith('/api/trpc')) {
    return fetchRequestHandler({
      endpoint: '/api/trpc',
      req: event.request,
      router: appRouter,
      createContext: () => context,
      responseMeta({ errors }) {
        const retry = errors.find((e) => e.code === 'TOO_MANY_REQUESTS')?.cause as
          | { details?: { retryAfterSeconds?: number } }
          | undefined;
        const seconds = retry?.details?.retryAfterSeconds;
        return seconds ? { headers: new Headers({ 'Retry-After': String(seconds) }) } : {};
      },
    });
  }

  return resolve(event);
};
