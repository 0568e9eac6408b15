import { eq } from 'drizzle-orm';
import { licenses, type License, type Tx } from '@keyway/db';
import { recordTransaction, type TransactionChange } from './record.ts';

/** The columns a license event sets (`updatedAt` defaults to now). */
export type LicenseChanges = Partial<Omit<typeof licenses.$inferInsert, 'id'>>;

/** What the Customer Transactions row of a change says beyond the license's before and after. */
export type LicenseTransactionEvent = Pick<TransactionChange, 'type' | 'actor' | 'note'>;

/**
 * Writes `changes` to the license `before` was read from and, unless `event` is null (nothing the
 * Customer Transactions track changed), records the event's row against the units and charge start
 * it had before. Answers the license as it is after the change.
 */
export async function changeLicense(tx: Tx, before: License, changes: LicenseChanges, event: LicenseTransactionEvent | null): Promise<License> {
  const [after] = await tx
    .update(licenses)
    .set({ updatedAt: new Date(), ...changes })
    .where(eq(licenses.id, before.id))
    .returning();
  if (event) {
    await recordTransaction(tx, after!, {
      ...event,
      previousUnits: before.units,
      previousChargeStartsOn: before.chargeStartsOn,
    });
  }
  return after!;
}
