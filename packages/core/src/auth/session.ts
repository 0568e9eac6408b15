import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { eq, lt, or } from 'drizzle-orm';
import { companies, sessions, users, type Executor } from '@keyway/db';
import { navigationFor, type NavGroup } from '../navigation.ts';
import {
  permissionsOf,
  ROLE_LABELS,
  TIER_LABELS,
  tierOf,
  type Permission,
  type Tier,
} from '../privileges.ts';

/** A session ends after 10 days without use, and 30 days after sign-in whatever happens. */
export const INACTIVITY_TIMEOUT_MS = 10 * 24 * 60 * 60 * 1000;
export const ABSOLUTE_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
/** `last_active_at` is written at most this often, so reads do not all become writes. */
const ACTIVITY_UPDATE_INTERVAL_MS = 60 * 60 * 1000;

export interface SessionMeta {
  ip?: string | null;
  userAgent?: string | null;
}

export interface SignedIn {
  session: { id: string; expiresAt: Date };
  user: {
    id: string;
    name: string;
    email: string;
    role: (typeof users.$inferSelect)['role'];
    language: string;
    timeZone: string;
  };
  company: {
    id: string;
    name: string;
    accountName: string;
    kind: (typeof companies.$inferSelect)['kind'];
    type: (typeof companies.$inferSelect)['type'];
    status: (typeof companies.$inferSelect)['status'];
    channelId: string | null;
    partnerId: string | null;
    customerId: string | null;
  };
  tier: Tier;
  tierLabel: string;
  roleLabel: string;
  permissions: Permission[];
  navigation: NavGroup[];
}

/** A random base32 secret of `bytes` bytes, for tokens of the form `<id>.<secret>`. */
export function randomSecret(bytes: number): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** What is stored of a token's secret: its SHA-256. */
export function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

/**
 * Creates a session and returns its token `<id>.<secret>`: a 128-bit id that finds the row and a
 * 256-bit secret of which only the SHA-256 is stored.
 */
export async function createSession(
  db: Executor,
  userId: string,
  meta: SessionMeta = {},
): Promise<{ token: string; id: string; expiresAt: Date }> {
  const id = randomSecret(16);
  const secret = randomSecret(32);
  const now = new Date();
  await db.insert(sessions).values({
    id,
    secretHash: hashSecret(secret),
    userId,
    createdAt: now,
    lastActiveAt: now,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 400) ?? null,
  });
  return { token: `${id}.${secret}`, id, expiresAt: expiryOf(now, now) };
}

function expiryOf(createdAt: Date, lastActiveAt: Date): Date {
  return new Date(
    Math.min(
      lastActiveAt.getTime() + INACTIVITY_TIMEOUT_MS,
      createdAt.getTime() + ABSOLUTE_LIFETIME_MS,
    ),
  );
}

/**
 * Resolves a session token to the signed-in user, or null. Refuses malformed tokens, unknown ids,
 * wrong secrets (constant-time), expired sessions, disabled users and canceled companies.
 * `refreshed` says the expiry moved and the cookie should be written again.
 */
export async function validateSessionToken(
  db: Executor,
  token: string,
): Promise<(SignedIn & { refreshed: boolean }) | null> {
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [id, secret] = parts as [string, string];
  if (!/^[a-z2-7]{26}$/.test(id) || !/^[a-z2-7]{52}$/.test(secret)) return null;

  const [row] = await db
    .select({ session: sessions, user: users, company: companies })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(companies, eq(companies.id, users.companyId))
    .where(eq(sessions.id, id))
    .limit(1);
  if (!row) return null;
  if (!constantTimeEqual(hashSecret(secret), row.session.secretHash)) return null;

  const now = Date.now();
  const expiresAt = expiryOf(row.session.createdAt, row.session.lastActiveAt);
  if (expiresAt.getTime() <= now || row.user.status !== 'active' || row.company.status === 'canceled') {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }

  let refreshed = false;
  let currentExpiry = expiresAt;
  if (now - row.session.lastActiveAt.getTime() >= ACTIVITY_UPDATE_INTERVAL_MS) {
    const lastActiveAt = new Date(now);
    await db.update(sessions).set({ lastActiveAt }).where(eq(sessions.id, id));
    currentExpiry = expiryOf(row.session.createdAt, lastActiveAt);
    refreshed = true;
  }
  return { ...toSignedIn(row.user, row.company, { id, expiresAt: currentExpiry }), refreshed };
}

export function toSignedIn(
  user: typeof users.$inferSelect,
  company: typeof companies.$inferSelect,
  session: { id: string; expiresAt: Date },
): SignedIn {
  const tier = tierOf(company);
  const permissions = permissionsOf({ tier, role: user.role });
  return {
    session,
    user: {
      id: user.id,
      name: user.name,
      email: user.email,
      role: user.role,
      language: user.language,
      timeZone: user.timeZone,
    },
    company: {
      id: company.id,
      name: company.name,
      accountName: company.accountName,
      kind: company.kind,
      type: company.type,
      status: company.status,
      channelId: company.channelId,
      partnerId: company.partnerId,
      customerId: company.customerId,
    },
    tier,
    tierLabel: TIER_LABELS[tier],
    roleLabel: ROLE_LABELS[user.role],
    permissions,
    navigation: navigationFor(permissions),
  };
}

export async function invalidateSession(db: Executor, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user: on password reset, disabling, or the company's cancellation. */
export async function invalidateUserSessions(db: Executor, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Deletes sessions past their inactivity timeout or absolute lifetime. */
export async function deleteExpiredSessions(db: Executor): Promise<number> {
  const inactive = new Date(Date.now() - INACTIVITY_TIMEOUT_MS);
  const tooOld = new Date(Date.now() - ABSOLUTE_LIFETIME_MS);
  const rows = await db
    .delete(sessions)
    .where(or(lt(sessions.lastActiveAt, inactive), lt(sessions.createdAt, tooOld)))
    .returning({ id: sessions.id });
  return rows.length;
}

/**
 * The session cookie: HttpOnly and SameSite=Lax always; over https also Secure and `__Host-`
 * prefixed, which pins it to this host and path `/`.
 */
export function sessionCookie(secure: boolean) {
  return {
    name: secure ? '__Host-keyway_session' : 'keyway_session',
    options: { httpOnly: true, sameSite: 'lax' as const, secure, path: '/' },
  };
}

