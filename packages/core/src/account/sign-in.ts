import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { companies, users, type Db } from '@keyway/db';
import { writeAudit, type AuditEntry } from '../audit/index.ts';
import { activatePendingLicenses } from '../licenses/index.ts';
import { DomainError } from '../errors.ts';
import {
  burnPasswordCheck,
  consumeRateLimit,
  createSession,
  deviceOf,
  invalidateSession,
  rememberDevice,
  verifyPassword,
  type RateLimit,
  type SessionMeta,
} from '../auth/index.ts';
import { tierOf } from '../privileges.ts';
import { ZText, said } from '../validation.ts';
import { m, formatCount } from '../i18n.ts';

export const ZSignInInput = z.object({
  email: ZText(254, { tooLong: () => m.validation_email_too_long({ max: formatCount(254) }) }).min(1, said(m.validation_email_required)).email(said(m.validation_email)),
  password: ZText(1024, { trim: false, tooLong: m.validation_password_too_long }).min(1, said(m.validation_password_required)),
});
export type TSignInInput = z.infer<typeof ZSignInInput>;

/**
 * Per email: ten attempts a minute. Per IP: more, since an office shares one address. Per device:
 * attempts from a browser that signed in to the account before (a device cookie) are counted on
 * their own instead, so that anyone can exhaust the per-email limit without locking the owner out.
 */
export const SIGN_IN_LIMITS = {
  email: { limit: 10, windowSeconds: 60 },
  ip: { limit: 100, windowSeconds: 60 },
  device: { limit: 10, windowSeconds: 60 },
} satisfies Record<string, RateLimit>;


/**
 * Checks the rate limits before any hashing, then the password; on success starts a new session
 * and remembers the device. Every refusal of a credential says the same thing, so it does not
 * reveal which accounts exist.
 *
 * The limits follow OWASP's "device cookies": an attempt that presents the device token of a
 * browser that signed in to this account before is limited per device; every other attempt by
 * email and IP. Guessing stays limited either way, and the owner's browser is never locked out
 * by someone else's guesses.
 */
export async function signIn(
  db: Db,
  input: TSignInInput,
  meta: SessionMeta & { ip: string; deviceToken?: string | null },
): Promise<{
  token: string;
  expiresAt: Date;
  userId: string;
  tier: ReturnType<typeof tierOf>;
  device: { token: string; expiresAt: Date };
}> {
  const email = input.email.toLowerCase();
  const device = meta.deviceToken ? await deviceOf(db, meta.deviceToken, email) : null;
  const limits: [string, RateLimit][] = device
    ? [[`sign-in:device:${device.id}`, SIGN_IN_LIMITS.device]]
    : [
        [`sign-in:email:${email}`, SIGN_IN_LIMITS.email],
        [`sign-in:ip:${meta.ip}`, SIGN_IN_LIMITS.ip],
      ];
  for (const [key, limit] of limits) {
    const result = await consumeRateLimit(db, key, limit);
    if (!result.allowed) {
      throw new DomainError(
        'TOO_MANY_REQUESTS',
        m.auth_too_many_sign_ins({ seconds: String(result.retryAfterSeconds) }),
        { retryAfterSeconds: result.retryAfterSeconds },
      );
    }
  }

  const [row] = await db
    .select({ user: users, company: companies })
    .from(users)
    .innerJoin(companies, eq(companies.id, users.companyId))
    .where(eq(sql`lower(${users.email})`, email))
    .limit(1);

  if (!row?.user.passwordHash) {
    await burnPasswordCheck(input.password);
    throw new DomainError('UNAUTHORIZED', m.auth_wrong_credentials());
  }
  if (!(await verifyPassword(row.user.passwordHash, input.password))) {
    throw new DomainError('UNAUTHORIZED', m.auth_wrong_credentials());
  }
  if (row.user.status !== 'active') {
    throw new DomainError('FORBIDDEN', m.auth_account_disabled());
  }
  if (row.company.status === 'canceled') {
    throw new DomainError('FORBIDDEN', m.auth_company_canceled());
  }

  return db.transaction(async (tx) => {
    const session = await createSession(tx, row.user.id, meta);
    const remembered = await rememberDevice(tx, row.user.id, device && { id: device.id, token: meta.deviceToken! });
    await tx.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, row.user.id));
    // The customer's first sign-in starts the licenses whose plans wait for it.
    if (row.company.kind === 'customer') await activatePendingLicenses(tx, row.company.id);
    await writeAudit(tx, { userId: row.user.id, companyId: row.company.id, ip: meta.ip }, {
      company: row.company,
      action: 'auth.sign-in',
      targetType: 'user',
      targetId: row.user.id,
    });
    return {
      token: session.token,
      expiresAt: session.expiresAt,
      userId: row.user.id,
      tier: tierOf(row.company),
      device: remembered,
    };
  });
}

export async function signOut(
  db: Db,
  signedIn: { sessionId: string; userId: string; company: AuditCompany },
  ip: string | null,
): Promise<void> {
  await db.transaction(async (tx) => {
    await invalidateSession(tx, signedIn.sessionId);
    await writeAudit(tx, { userId: signedIn.userId, companyId: signedIn.company.id, ip }, {
      company: signedIn.company,
      action: 'auth.sign-out',
      targetType: 'user',
      targetId: signedIn.userId,
    });
  });
}

type AuditCompany = NonNullable<AuditEntry['company']>;
