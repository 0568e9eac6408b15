import type { Db } from '@keyway/db';
import type { SignedIn } from '@keyway/core/auth';
import type { JobQueue } from '@keyway/core/jobs';

/** How the transport sets and clears the session cookie; the console passes SvelteKit's cookies. */
export interface SessionCookies {
  set(token: string, expiresAt: Date): void;
  clear(): void;
  /** The device cookie the browser sent (left by an earlier successful sign-in), or null. */
  device: string | null;
  setDevice(token: string, expiresAt: Date): void;
}

export interface Context {
  db: Db;
  /** Sends background jobs inside the caller's transaction. */
  jobs: JobQueue;
  /** The console's public origin, for links in mails (e.g. password reset). */
  origin: string;
  /** The signed-in user resolved from the session cookie by the console's hooks; null when signed out. */
  auth: SignedIn | null;
  ip: string | null;
  userAgent: string | null;
  /**
   * The request's Accept-Language header: the language of the API's messages for someone not
   * signed in (a signed-in user's messages follow their Account Information).
   */
  acceptLanguage?: string | null;
  cookies: SessionCookies;
}

export function createContext(context: Context): Context {
  return context;
}
