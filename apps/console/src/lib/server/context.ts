import type { RequestEvent } from '@sveltejs/kit';
import { createContext, type Context } from '@keyway/api';
import { deviceCookie, sessionCookie } from '@keyway/core/auth';
import { db } from './db.ts';
import { env } from './env.ts';
import { jobs } from './jobs.ts';

/**
 * The session cookie of this request: HttpOnly, SameSite=Lax, and over https Secure with the
 * `__Host-` prefix.
 */
export function sessionCookieFor(event: RequestEvent) {
  const cookie = sessionCookie(publicOrigin(event).startsWith('https:'));
  return {
    name: cookie.name,
    set: (token: string, expiresAt: Date) =>
      event.cookies.set(cookie.name, token, { ...cookie.options, expires: expiresAt }),
    clear: () => event.cookies.delete(cookie.name, cookie.options),
  };
}

/**
 * The device cookie of this request, left by a successful sign-in: it exempts this browser's
 * sign-ins from the per-address lockout (see `signIn`). Same attributes as the session cookie.
 */
export function deviceCookieFor(event: RequestEvent) {
  const cookie = deviceCookie(publicOrigin(event).startsWith('https:'));
  return {
    value: event.cookies.get(cookie.name) ?? null,
    set: (token: string, expiresAt: Date) =>
      event.cookies.set(cookie.name, token, { ...cookie.options, expires: expiresAt }),
  };
}

/**
 * The origin the console is served from: ORIGIN when set (behind a proxy, or plain http on a
 * developer's machine), else what the server sees, which the Node adapter reports as https.
 */
export function publicOrigin(event: RequestEvent): string {
  return env().ORIGIN ?? event.url.origin;
}

/** The tRPC context of a request, shared by the HTTP endpoint and in-process calls from loads. */
export function contextFor(event: RequestEvent): Context {
  const cookie = sessionCookieFor(event);
  const device = deviceCookieFor(event);
  return createContext({
    db: db(),
    jobs: jobs(),
    origin: publicOrigin(event),
    auth: event.locals.auth,
    ip: event.getClientAddress(),
    userAgent: event.request.headers.get('user-agent'),
    acceptLanguage: event.request.headers.get('accept-language'),
    cookies: { set: cookie.set, clear: cookie.clear, device: device.value, setDevice: device.set },
  });
}
