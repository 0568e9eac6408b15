import { customerTransactions, type License, type TransactionType, type Tx } from '@keyway/db';

/** What changed in one license event, for its Customer Transactions row. */
export interface TransactionChange {
  type: TransactionType;
  /** Units before the event (0 for a new purchase). */
  previousUnits: number;
  previousChargeStartsOn: string | null;
  /** Who acted; null when the system did (renewals, composition changes). */
  actor: { userId: string; companyId: string } | null;
  note?: string | null;
}

/**
 * Writes the Customer Transactions row of a license event, in the event's transaction. `license`
 * is the license as it is after the event: its units and charge start are the new values.
 */
export async function recordTransaction(tx: Tx, license: License, change: TransactionChange): Promise<void> {
  await recordTransactions(tx, [{ license, change }]);
}

/** `recordTransaction` for many events at once: one multi-row insert, the rows in the order given. */
export async function recordTransactions(tx: Tx, events: readonly { license: License; change: TransactionChange }[]): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(customerTransactions).values(
    events.map(({ license, change }) => ({
      type: change.type,
      companyId: license.companyId,
      channelId: license.channelId,
      partnerId: license.partnerId,
      customerId: license.customerId,
      licenseId: license.id,
      productId: license.productId,
      planId: license.planId,
      versionType: license.versionType,
      unitType: license.unitType,
      previousUnits: change.previousUnits,
      newUnits: change.type === 'discontinue' ? 0 : license.units,
      previousChargeStartsOn: change.previousChargeStartsOn,
      newChargeStartsOn: license.chargeStartsOn,
      actorUserId: change.actor?.userId ?? null,
      actorCompanyId: change.actor?.companyId ?? null,
      note: change.note ?? null,
    })),
  );
}
