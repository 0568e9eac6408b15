import { and, desc, eq, gt } from 'drizzle-orm';
import { z } from 'zod';
import { sessions, type Db } from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { ABSOLUTE_LIFETIME_MS, INACTIVITY_TIMEOUT_MS } from '../auth/index.ts';
import { notFound } from '../errors.ts';
import type { Actor } from '../tenancy/index.ts';
import { said, ZText } from '../validation.ts';
import { m } from '../i18n.ts';

export const ZRevokeSessionInput = z.object({
  id: ZText(64, { tooLong: m.sessions_id_invalid }).min(1, said(m.sessions_choose)),
});
export type TRevokeSessionInput = z.input<typeof ZRevokeSessionInput>;

/**
 * The person's own sessions that are still alive, most recently used first, marking the one this
 * request came with. The id names a session but cannot resume it: that needs the secret half of
 * the cookie, of which only a hash is stored.
 */
export async function listMySessions(db: Db, actor: Actor, context: { sessionId: string }) {
  const now = Date.now();
  const rows = await db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastActiveAt: sessions.lastActiveAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(
      and(
        eq(sessions.userId, actor.userId),
        gt(sessions.lastActiveAt, new Date(now - INACTIVITY_TIMEOUT_MS)),
        gt(sessions.createdAt, new Date(now - ABSOLUTE_LIFETIME_MS)),
      ),
    )
    .orderBy(desc(sessions.lastActiveAt), desc(sessions.createdAt));
  return {
    items: rows.map((row) => ({
      ...row,
      current: row.id === context.sessionId,
      expiresAt: new Date(
        Math.min(row.lastActiveAt.getTime() + INACTIVITY_TIMEOUT_MS, row.createdAt.getTime() + ABSOLUTE_LIFETIME_MS),
      ),
    })),
  };
}

/**
 * Ends one of the person's own sessions (the current one too: that is signing out). Another
 * person's session id answers NOT_FOUND, as an unknown one does.
 */
export async function revokeMySession(
  db: Db,
  actor: Actor,
  input: TRevokeSessionInput,
  context: { sessionId: string },
): Promise<{ ended: true; current: boolean }> {
  const { id } = ZRevokeSessionInput.parse(input);
  return db.transaction(async (tx) => {
    const [ended] = await tx
      .delete(sessions)
      .where(and(eq(sessions.id, id), eq(sessions.userId, actor.userId)))
      .returning({ id: sessions.id });
    if (!ended) throw notFound(m.not_found_this_session());
    await writeAudit(tx, actor, {
      company: actor.company,
      action: 'account.end-session',
      targetType: 'session',
      targetId: id,
    });
    return { ended: true as const, current: id === context.sessionId };
  });
}
