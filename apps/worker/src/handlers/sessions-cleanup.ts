import { deleteExpiredSessions, deleteOldRateLimits } from '@keyway/core/auth';
import type { Db } from '@keyway/db';

/** `auth.sessions-cleanup`: both deletes are idempotent, so a retried run is harmless. */
export async function sessionsCleanup(db: Db): Promise<{ sessions: number; rateLimits: number }> {
  const sessions = await deleteExpiredSessions(db);
  const rateLimits = await deleteOldRateLimits(db);
  return { sessions, rateLimits };
}
