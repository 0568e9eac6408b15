import { sql } from 'drizzle-orm';
import type { Db } from '@keyway/db';

/**
 * Waits until `count` sessions of this database are waiting for a lock in a statement whose text
 * matches `query` (an ILIKE pattern): the state a concurrency test sets up before it lets the
 * holder go, instead of sleeping and hoping. Fails after `timeoutMs`.
 */
export async function waitForLockWaiters(db: Db, query: string, { count = 1, timeoutMs = 30_000 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock' and query ilike ${query}`);
    if (row!.n >= count) return;
    if (Date.now() > deadline) throw new Error(`${row!.n} of ${count} sessions waited for a lock in "${query}" after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
