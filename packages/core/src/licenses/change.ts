import { getTableColumns, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { licenses, type License, type Tx } from '@keyway/db';
import { recordTransactions, type TransactionChange } from './record.ts';

/** The columns a license event sets (`updatedAt` defaults to now). */
export type LicenseChanges = Partial<Omit<typeof licenses.$inferInsert, 'id'>>;

/** What the Customer Transactions row of a change says beyond the license's before and after. */
export type LicenseTransactionEvent = Pick<TransactionChange, 'type' | 'actor' | 'note'>;

/** One change of `changeLicense`: the license as it was read, the columns it sets, its event. */
export interface LicenseChange {
  before: License;
  changes: LicenseChanges;
  event: LicenseTransactionEvent | null;
}

/**
 * Writes `changes` to the license `before` was read from and, unless `event` is null (nothing the
 * Customer Transactions track changed), records the event's row against the units and charge start
 * it had before. Answers the license as it is after the change.
 */
export async function changeLicense(tx: Tx, before: License, changes: LicenseChanges, event: LicenseTransactionEvent | null): Promise<License> {
  const [after] = await changeLicenses(tx, [{ before, changes, event }]);
  return after!;
}

/**
 * `changeLicense` for many licenses at once (the daily run's renewals of a chunk): one UPDATE per
 * set of columns changed, from a VALUES list of each license's new values, then one multi-row
 * insert of the Customer Transactions rows, in the order given. Answers the licenses as they are
 * after the change, in the order given.
 */
export async function changeLicenses(tx: Tx, changes: readonly LicenseChange[]): Promise<License[]> {
  if (changes.length === 0) return [];
  const updatedAt = new Date();
  const sets = new Map<string, { keys: (keyof LicenseChanges)[]; rows: { id: string; values: LicenseChanges }[] }>();
  for (const { before, changes: set } of changes) {
    const values: LicenseChanges = { updatedAt, ...set };
    // As drizzle's set(): a column given as undefined is left as it is.
    const keys = (Object.keys(values) as (keyof LicenseChanges)[]).filter((key) => values[key] !== undefined).sort();
    const group = sets.get(keys.join()) ?? { keys, rows: [] };
    group.rows.push({ id: before.id, values });
    sets.set(keys.join(), group);
  }
  const table = getTableColumns(licenses);
  const after = new Map<string, License>();
  for (const { keys, rows } of sets.values()) {
    const columns = keys.map((key) => table[key] as PgColumn);
    // Each value typed by its column and encoded as the column encodes it (dates, timestamps, enums).
    const values = rows.map(
      ({ id, values: row }) =>
        sql`(${id}::uuid, ${sql.join(
          columns.map((column, i) => sql`${sql.param(row[keys[i]!], column)}::${sql.raw(column.getSQLType())}`),
          sql`, `,
        )})`,
    );
    const names = columns.map((_, i) => `v${i}`);
    const updated = await tx
      .update(licenses)
      .set(Object.fromEntries(keys.map((key, i) => [key, sql.raw(`"new"."${names[i]}"`)])))
      .from(sql`(values ${sql.join(values, sql`, `)}) as "new"("id", ${sql.raw(names.map((name) => `"${name}"`).join(', '))})`)
      .where(sql`${licenses.id} = "new"."id"`)
      .returning(table);
    for (const license of updated) after.set(license.id, license);
  }
  await recordTransactions(
    tx,
    changes.flatMap(({ before, event }) =>
      event
        ? [{ license: after.get(before.id)!, change: { ...event, previousUnits: before.units, previousChargeStartsOn: before.chargeStartsOn } }]
        : [],
    ),
  );
  return changes.map(({ before }) => after.get(before.id)!);
}
