import { and, eq, lte, sql } from 'drizzle-orm';
import { emailMessages, type Db } from '@keyway/db';
import { emailSend, type JobQueue } from '../jobs/index.ts';
import { sendPayloads } from './queue.ts';

/**
 * `email.dispatch-scheduled`: moves the scheduled mails whose time has come to `queued` and sends
 * their `email.send` jobs (one per 100 mails), in one transaction per batch, so a crash between
 * the two loses nothing.
 */
export async function dispatchScheduledEmails(db: Db, jobs: JobQueue, batchSize = 500): Promise<number> {
  let total = 0;
  for (;;) {
    const moved = await db.transaction(async (tx) => {
      const due = tx
        .select({ id: emailMessages.id })
        .from(emailMessages)
        .where(and(eq(emailMessages.status, 'scheduled'), lte(emailMessages.scheduledFor, sql`now()`)))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      const rows = await tx
        .update(emailMessages)
        .set({ status: 'queued' })
        .where(sql`${emailMessages.id} in (${due})`)
        .returning({ id: emailMessages.id });
      await jobs.sendMany(tx, emailSend, sendPayloads(rows.map((row) => row.id)));
      return rows.length;
    });
    total += moved;
    if (moved < batchSize) return total;
  }
}
