import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import { sessions, users, type Db } from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { hashPassword, verifyPassword, ZPassword, consumeRateLimit, type RateLimit } from '../auth/index.ts';
import { DomainError, notFound } from '../errors.ts';
import type { Actor } from '../tenancy/index.ts';
import { ZText, said } from '../validation.ts';
import { m } from '../i18n.ts';

export const ZChangePasswordInput = z.object({
  currentPassword: ZText(1024, { trim: false, tooLong: m.validation_password_too_long }).min(1, said(m.validation_current_password_required)),
  newPassword: ZPassword,
});
export type TChangePasswordInput = z.input<typeof ZChangePasswordInput>;

/** Guessing the current password through a session left open is as slow as guessing it at sign-in. */
export const CHANGE_PASSWORD_LIMIT: RateLimit = { limit: 10, windowSeconds: 15 * 60 };

/**
 * Changes the person's own password after checking the current one. Every other session of theirs
 * ends (a device someone else may hold is signed out); the session making the change stays.
 */
export async function changePassword(
  db: Db,
  actor: Actor,
  input: TChangePasswordInput,
  context: { sessionId: string },
): Promise<{ changed: true; otherSessionsEnded: number }> {
  const { currentPassword, newPassword } = ZChangePasswordInput.parse(input);
  const limit = await consumeRateLimit(db, `change-password:user:${actor.userId}`, CHANGE_PASSWORD_LIMIT);
  if (!limit.allowed) {
    throw new DomainError(
      'TOO_MANY_REQUESTS',
      m.auth_too_many_attempts({ seconds: String(limit.retryAfterSeconds) }),
      { retryAfterSeconds: limit.retryAfterSeconds },
    );
  }

  const [user] = await db.select().from(users).where(eq(users.id, actor.userId));
  if (!user) throw notFound(m.not_found_your_account());
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new DomainError('BAD_REQUEST', m.auth_current_password_wrong(), {
      fieldErrors: { currentPassword: [m.auth_current_password_wrong()] },
    });
  }
  if (currentPassword === newPassword) {
    throw new DomainError('BAD_REQUEST', m.auth_new_password_differs(), {
      fieldErrors: { newPassword: [m.auth_new_password_differs()] },
    });
  }
  const passwordHash = await hashPassword(newPassword);

  return db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    const ended = await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, user.id), ne(sessions.id, context.sessionId)))
      .returning({ id: sessions.id });
    await writeAudit(tx, actor, {
      company: actor.company,
      action: 'account.change-password',
      targetType: 'user',
      targetId: user.id,
      after: { otherSessionsEnded: ended.length },
    });
    return { changed: true as const, otherSessionsEnded: ended.length };
  });
}
