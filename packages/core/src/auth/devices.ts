import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import { signInDevices, users, type Executor } from '@keyway/db';
import { hashSecret, randomSecret } from './session.ts';

/**
 * A device is forgotten this long after its last successful sign-in; its cookie lives as long.
 * Long enough that a person who signs in every few months keeps the exemption from the lockout.
 */
export const DEVICE_LIFETIME_MS = 180 * 24 * 60 * 60 * 1000;

/** The device cookie: HttpOnly, SameSite=Lax, and over https Secure with the `__Host-` prefix. */
export function deviceCookie(secure: boolean) {
  return {
    name: secure ? '__Host-keyway_device' : 'keyway_device',
    options: { httpOnly: true, sameSite: 'lax' as const, secure, path: '/' },
  };
}

/**
 * The device behind a device token, if the token is genuine, not expired, and was issued to the
 * account with this email; a token of another account counts for nothing.
 */
export async function deviceOf(db: Executor, token: string, email: string): Promise<{ id: string } | null> {
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [id, secret] = parts as [string, string];
  if (!/^[a-z2-7]{26}$/.test(id) || !/^[a-z2-7]{52}$/.test(secret)) return null;
  const [row] = await db
    .select({ id: signInDevices.id, secretHash: signInDevices.secretHash })
    .from(signInDevices)
    .innerJoin(users, eq(users.id, signInDevices.userId))
    .where(
      and(
        eq(signInDevices.id, id),
        eq(sql`lower(${users.email})`, email.toLowerCase()),
        gt(signInDevices.lastSignInAt, new Date(Date.now() - DEVICE_LIFETIME_MS)),
      ),
    );
  if (!row || !constantTimeEqual(hashSecret(secret), row.secretHash)) return null;
  return { id: row.id };
}

/**
 * Records a successful sign-in from a device: the presented device (already checked with
 * `deviceOf`) is kept, otherwise a new one is issued. Returns the token for the cookie.
 */
export async function rememberDevice(
  db: Executor,
  userId: string,
  presented: { id: string; token: string } | null,
): Promise<{ token: string; expiresAt: Date }> {
  const now = new Date();
  const expiresAt = new Date(now.getTime() + DEVICE_LIFETIME_MS);
  if (presented) {
    await db.update(signInDevices).set({ lastSignInAt: now }).where(eq(signInDevices.id, presented.id));
    return { token: presented.token, expiresAt };
  }
  // The user's forgotten devices go when a new one arrives, so the table stays small.
  await db
    .delete(signInDevices)
    .where(and(eq(signInDevices.userId, userId), lt(signInDevices.lastSignInAt, new Date(now.getTime() - DEVICE_LIFETIME_MS))));
  const id = randomSecret(16);
  const secret = randomSecret(32);
  await db.insert(signInDevices).values({ id, secretHash: hashSecret(secret), userId, createdAt: now, lastSignInAt: now });
  return { token: `${id}.${secret}`, expiresAt };
}
