import type { Db } from '@keyway/db';
import type { JobQueue } from '@keyway/core/jobs';
import { toSignedIn, type SignedIn } from '@keyway/core/auth';
import { eq, sql } from 'drizzle-orm';
import { companies, users } from '@keyway/db';
import type { Context } from '../context.ts';
import { createApiCaller, type ApiCaller } from '../root.ts';

export interface CookieJar {
  token: string | null;
  /** The device cookie: sent with every call, replaced when a sign-in sets it. */
  device?: string | null;
}

/** Jobs sent by procedures under test; tests that send none may use this stand-in. */
export const noJobs: JobQueue = {
  send: async () => {
    throw new Error('This test did not expect a job to be sent; pass a job queue to callerFor.');
  },
  sendMany: async () => {
    throw new Error('This test did not expect a job to be sent; pass a job queue to callerFor.');
  },
  stop: async () => {},
};

/** A caller with the context the console would build for this signed-in user (or nobody). */
export function callerFor(
  db: Db,
  auth: SignedIn | null,
  jar: CookieJar = { token: null },
  jobs: JobQueue = noJobs,
  /** The address the request came from: rate limits count per address. */
  ip = '127.0.0.1',
): ApiCaller {
  return createApiCaller(testContext(db, auth, jar, jobs, ip));
}

/** The context the console would build for this signed-in user (or nobody), e.g. for an HTTP adapter. */
export function testContext(
  db: Db,
  auth: SignedIn | null,
  jar: CookieJar = { token: null },
  jobs: JobQueue = noJobs,
  ip = '127.0.0.1',
): Context {
  return {
    db,
    jobs,
    origin: 'http://console.test',
    auth,
    ip,
    userAgent: 'vitest',
    cookies: {
      set: (token) => {
        jar.token = token;
      },
      clear: () => {
        jar.token = null;
      },
      get device() {
        return jar.device ?? null;
      },
      setDevice: (token) => {
        jar.device = token;
      },
    },
  };
}

/** A caller signed in as the demo user with this email, as `callerFor` builds it. */
export async function callerAs(db: Db, email: string, options: { jobs?: JobQueue; ip?: string } = {}): Promise<ApiCaller> {
  return callerFor(db, await signedInAs(db, email), { token: null }, options.jobs, options.ip);
}

/** The demo user with this email, signed in (without going through the password check). */
export async function signedInAs(db: Db, email: string): Promise<SignedIn> {
  const [row] = await db
    .select({ user: users, company: companies })
    .from(users)
    .innerJoin(companies, eq(companies.id, users.companyId))
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  if (!row) throw new Error(`No demo user ${email}`);
  return toSignedIn(row.user, row.company, { id: 'test', expiresAt: new Date(Date.now() + 3_600_000) });
}
