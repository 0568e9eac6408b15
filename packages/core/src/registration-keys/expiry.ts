import { sql } from 'drizzle-orm';
import type { Db } from '@keyway/db';

/** Keys one transaction of the expiry step marks: a failure loses at most one chunk's work. */
export const KEY_EXPIRY_CHUNK = 5000;

/**
 * Marks expired the available keys of batches whose last valid day is before `day`, in chunks of
 * their own transactions. Keys being registered meanwhile are skipped (`skip locked`): the
 * registration decides, and a key still available tomorrow is taken then. A second run for the
 * day finds nothing to do. Returns how many keys expired.
 */
export async function expireRegistrationKeys(db: Db, day: string, chunk = KEY_EXPIRY_CHUNK): Promise<number> {
  let expired = 0;
  for (;;) {
    const moved = await db.transaction(async (tx) => {
      const rows = await tx.execute<{ id: number }>(sql`
        update registration_keys set status = 'expired', expired_at = now()
        where id in (
          select id from registration_keys
          where status = 'available'
            and batch_id in (select id from key_batches where valid_until < ${day}::date)
          limit ${chunk}
          for update skip locked
        )
        returning id`);
      return rows.length;
    });
    expired += moved;
    if (moved < chunk) break;
  }
  return expired;
}
