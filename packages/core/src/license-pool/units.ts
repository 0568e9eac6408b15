import { and, eq, sql, type SQL } from 'drizzle-orm';
import {
  companyCards,
  licensePoolMovements,
  licensePools,
  products,
  type LicensePool,
  type Tx,
  type VersionType,
} from '@keyway/db';
import { DomainError, notFound } from '../errors.ts';
import { licensePoolAutoRefill, type JobQueue } from '../jobs/index.ts';
import { cardOf } from '../sql.ts';
import { m } from '../i18n.ts';

/**
 * Every unit that enters or leaves a pool goes through here. A draw is one conditional UPDATE of
 * the pool row: Postgres locks the row for the rest of the transaction, the condition sees the
 * committed totals of whoever held it before, and the table's checks refuse an overdraw even if
 * this code were wrong. No read-then-write, so no race between a check and a write.
 */

export type MovementKind = (typeof licensePoolMovements.$inferInsert)['kind'];

export interface Movement {
  kind: MovementKind;
  versionType: VersionType;
  units: number;
  /** The other side of the movement: partner, parent, customer. */
  counterpartCompanyId?: string | null;
  licenseId?: string | null;
  requestId?: string | null;
  /** Null for the system (jobs). */
  actorUserId: string | null;
  note?: string | null;
}

const columns = {
  trial: { total: licensePools.trialTotal, assigned: licensePools.trialAssigned },
  full: { total: licensePools.fullTotal, assigned: licensePools.fullAssigned },
} as const;

/**
 * The pool of a company for a product, created empty on first use (stamped like the company).
 * Returns the row without locking it.
 */
export async function poolOf(tx: Tx, companyId: string, productId: string): Promise<LicensePool> {
  const [company] = await tx
    .select({ channelId: companyCards.channelId, partnerId: companyCards.partnerId, customerId: companyCards.customerId })
    .from(companyCards)
    .where(eq(companyCards.id, companyId));
  if (!company) throw notFound(m.not_found_company());
  const [created] = await tx
    .insert(licensePools)
    .values({ companyId, productId, ...company })
    .onConflictDoNothing({ target: [licensePools.companyId, licensePools.productId] })
    .returning();
  if (created) return created;
  const [existing] = await tx
    .select()
    .from(licensePools)
    .where(and(eq(licensePools.companyId, companyId), eq(licensePools.productId, productId)));
  return existing!;
}

/**
 * Takes `units` out of a company's pool (they become assigned). Refused with a clear message when
 * the pool has fewer remaining, or when the parent disabled the product for this partner. When
 * a tier-1's remaining full units fall below its auto-refill threshold, the refill job is queued
 * in this same transaction.
 */
export async function drawUnits(
  tx: Tx,
  jobs: JobQueue,
  pool: { companyId: string; productId: string },
  movement: Movement,
): Promise<LicensePool> {
  const drawn = await drawRow(tx, pool, movement);
  await record(tx, [[drawn, movement, -movement.units]]);
  await queueRefillOnCrossing(tx, jobs, drawn, movement);
  return drawn;
}

/** Puts units back into a pool (a license ended, a partner's units came back). */
export async function returnUnits(
  tx: Tx,
  pool: { companyId: string; productId: string },
  movement: Movement,
): Promise<LicensePool> {
  const [returned] = await returnUnitsBatch(tx, [{ pool, movement }]);
  return returned!;
}

/** One return of `returnUnits`: the pool the units go back to and the movement. */
export interface UnitsReturn {
  pool: { companyId: string; productId: string };
  movement: Movement;
}

/**
 * `returnUnits` for many returns at once (the daily run's chunk of ended licenses): one UPDATE
 * per pool, taking back the trial and full units of all its returns together, then one multi-row
 * insert of the ledger with a row per return, in the order given. The pools are updated in
 * (company, product) order, so two batches touching the same pools lock them in the same order.
 * Answers each return's pool as it is after the batch.
 */
export async function returnUnitsBatch(tx: Tx, returns: readonly UnitsReturn[]): Promise<LicensePool[]> {
  if (returns.length === 0) return [];
  const keyOf = (pool: UnitsReturn['pool']) => `${pool.companyId}/${pool.productId}`;
  const groups = new Map<string, { pool: UnitsReturn['pool']; units: Partial<Record<VersionType, number>> }>();
  for (const { pool, movement } of returns) {
    const key = keyOf(pool);
    const group = groups.get(key) ?? { pool, units: {} };
    group.units[movement.versionType] = (group.units[movement.versionType] ?? 0) + movement.units;
    groups.set(key, group);
  }
  const updated = new Map<string, LicensePool>();
  for (const key of [...groups.keys()].sort()) {
    const { pool, units } = groups.get(key)!;
    // Subtracting the sum once is subtracting each return in turn: the floor at 0 is reached alike.
    const set: Partial<Record<'trialAssigned' | 'fullAssigned', SQL>> = {};
    if (units.trial !== undefined) set.trialAssigned = sql`greatest(${columns.trial.assigned} - ${units.trial}, 0)`;
    if (units.full !== undefined) set.fullAssigned = sql`greatest(${columns.full.assigned} - ${units.full}, 0)`;
    updated.set(key, await updatePool(tx, pool, set));
  }
  await record(
    tx,
    returns.map(({ pool, movement }) => [updated.get(keyOf(pool))!, movement, movement.units]),
  );
  return returns.map(({ pool }) => updated.get(keyOf(pool))!);
}

/** Adds units to a pool's total: from the vendor, or from the parent's pool. */
export async function addUnits(
  tx: Tx,
  pool: { companyId: string; productId: string },
  movement: Movement,
): Promise<LicensePool> {
  const added = await addRow(tx, pool, movement);
  await record(tx, [[added, movement, movement.units]]);
  return added;
}

/**
 * Takes units back out of a pool's total (the vendor withdrawing a tier-1's stock): one
 * conditional UPDATE that keeps the total at or above what is already assigned onward, so a
 * withdrawal racing an assignment never leaves the pool overdrawn. Refused with what is left.
 */
export async function withdrawUnits(
  tx: Tx,
  pool: { companyId: string; productId: string },
  movement: Movement,
): Promise<LicensePool> {
  assertUnits(movement);
  const column = columns[movement.versionType];
  const [withdrawn] = await tx
    .update(licensePools)
    .set({ [movement.versionType === 'trial' ? 'trialTotal' : 'fullTotal']: sql`${column.total} - ${movement.units}` })
    .where(
      and(
        eq(licensePools.companyId, pool.companyId),
        eq(licensePools.productId, pool.productId),
        sql`${column.total} - ${column.assigned} >= ${movement.units}`,
      ),
    )
    .returning();
  if (!withdrawn) {
    const { id } = await poolOf(tx, pool.companyId, pool.productId);
    const { pool: current, product, company } = await namedPool(tx, id);
    const unassigned =
      movement.versionType === 'trial' ? current.trialTotal - current.trialAssigned : current.fullTotal - current.fullAssigned;
    throw new DomainError(
      'CONFLICT',
      m.pool_units_unassigned({ company, count: unassigned, n: String(unassigned), version: versionWord(movement.versionType), product, asked: String(movement.units) }),
      { remaining: unassigned, field: 'units' },
    );
  }
  await record(tx, [[withdrawn, movement, -movement.units]]);
  return withdrawn;
}

/**
 * Moves units from a parent's pool into a child's (assignment to a partner, refill, an approved
 * request): one draw and one addition in the caller's transaction. A whole channel draws from
 * its tier-1's one pool row, so the draw comes last: that row stays locked only from its UPDATE to
 * the commit, while the child's UPDATE and both ledger rows are written before it. A refused draw
 * rolls all of them back with the caller's transaction.
 */
export async function moveUnits(
  tx: Tx,
  jobs: JobQueue,
  from: { companyId: string; productId: string },
  to: { companyId: string },
  movement: Omit<Movement, 'counterpartCompanyId'>,
): Promise<{ from: LicensePool; to: LicensePool }> {
  assertUnits(movement);
  const out = { ...movement, counterpartCompanyId: to.companyId };
  const into = { ...movement, counterpartCompanyId: from.companyId };
  // The parent pool's id and stamps never change: read without a lock.
  const parent = await poolOf(tx, from.companyId, from.productId);
  const added = await addRow(tx, { companyId: to.companyId, productId: from.productId }, into);
  await record(tx, [
    [parent, out, -movement.units],
    [added, into, movement.units],
  ]);
  const drawn = await drawRow(tx, from, out);
  await queueRefillOnCrossing(tx, jobs, drawn, out);
  return { from: drawn, to: added };
}

function assertUnits(movement: Movement) {
  if (!Number.isInteger(movement.units) || movement.units <= 0) {
    throw new DomainError('BAD_REQUEST', m.pool_units_whole());
  }
}

/**
 * The conditional UPDATE of a draw, addressed by company and product (one statement when the pool
 * exists). No row back means the pool is missing, short or disabled: the refusal says which.
 */
async function drawRow(tx: Tx, pool: { companyId: string; productId: string }, movement: Movement): Promise<LicensePool> {
  assertUnits(movement);
  const column = columns[movement.versionType];
  const [drawn] = await tx
    .update(licensePools)
    .set({ [movement.versionType === 'trial' ? 'trialAssigned' : 'fullAssigned']: sql`${column.assigned} + ${movement.units}` })
    .where(
      and(
        eq(licensePools.companyId, pool.companyId),
        eq(licensePools.productId, pool.productId),
        sql`${column.total} - ${column.assigned} >= ${movement.units}`,
        sql`${licensePools.disabledAt} is null`,
      ),
    )
    .returning();
  if (drawn) return drawn;
  const { id } = await poolOf(tx, pool.companyId, pool.productId);
  throw await refusal(tx, id, movement);
}

async function addRow(tx: Tx, pool: { companyId: string; productId: string }, movement: Movement): Promise<LicensePool> {
  assertUnits(movement);
  const column = columns[movement.versionType];
  return updatePool(tx, pool, {
    [movement.versionType === 'trial' ? 'trialTotal' : 'fullTotal']: sql`${column.total} + ${movement.units}`,
  });
}

/** Updates a company's pool of a product, creating it empty first when it does not exist yet. */
async function updatePool(
  tx: Tx,
  pool: { companyId: string; productId: string },
  set: Partial<Record<'trialAssigned' | 'fullAssigned' | 'trialTotal' | 'fullTotal', SQL>>,
): Promise<LicensePool> {
  const where = and(eq(licensePools.companyId, pool.companyId), eq(licensePools.productId, pool.productId));
  const [updated] = await tx.update(licensePools).set(set).where(where).returning();
  if (updated) return updated;
  await poolOf(tx, pool.companyId, pool.productId);
  const [created] = await tx.update(licensePools).set(set).where(where).returning();
  return created!;
}

async function queueRefillOnCrossing(tx: Tx, jobs: JobQueue, drawn: LicensePool, movement: Movement) {
  if (
    movement.versionType === 'full' &&
    drawn.autoRefillThreshold > 0 &&
    drawn.fullTotal - drawn.fullAssigned < drawn.autoRefillThreshold &&
    drawn.fullTotal - drawn.fullAssigned + movement.units >= drawn.autoRefillThreshold
  ) {
    // This draw crossed the threshold: one refill per crossing.
    await jobs.send(tx, licensePoolAutoRefill, { poolId: drawn.id });
  }
}

async function record(tx: Tx, rows: [pool: LicensePool, movement: Movement, signedUnits: number][]) {
  await tx.insert(licensePoolMovements).values(
    rows.map(([pool, movement, signedUnits]) => ({
      poolId: pool.id,
      companyId: pool.companyId,
      channelId: pool.channelId,
      partnerId: pool.partnerId,
      customerId: pool.customerId,
      productId: pool.productId,
      kind: movement.kind,
      trialUnits: movement.versionType === 'trial' ? signedUnits : 0,
      fullUnits: movement.versionType === 'full' ? signedUnits : 0,
      counterpartCompanyId: movement.counterpartCompanyId ?? null,
      licenseId: movement.licenseId ?? null,
      requestId: movement.requestId ?? null,
      actorUserId: movement.actorUserId,
      note: movement.note ?? null,
    })),
  );
}

/** A pool with its product's and company's names, for a refusal that names them. */
async function namedPool(tx: Tx, poolId: string) {
  const owner = cardOf(licensePools.companyId, 'owner');
  const [row] = await tx
    .select({ pool: licensePools, product: products.name, company: owner.name })
    .from(licensePools)
    .innerJoin(products, eq(products.id, licensePools.productId))
    .innerJoinLateral(owner, sql`true`)
    .where(eq(licensePools.id, poolId));
  return row!;
}

/** "trial" or "full", as the refusals name a kind of units. */
const versionWord = (versionType: Movement['versionType']) => (versionType === 'trial' ? m.pool_version_trial() : m.pool_version_full());

async function refusal(tx: Tx, poolId: string, movement: Movement): Promise<DomainError> {
  const { pool, product, company } = await namedPool(tx, poolId);
  if (pool.disabledAt) {
    return new DomainError('FORBIDDEN', m.pool_product_disabled_for({ product, company }));
  }
  const remaining =
    movement.versionType === 'trial' ? pool.trialTotal - pool.trialAssigned : pool.fullTotal - pool.fullAssigned;
  return new DomainError(
    'CONFLICT',
    m.pool_units_left({ company, count: remaining, n: String(remaining), version: versionWord(movement.versionType), product, asked: String(movement.units) }),
    { remaining },
  );
}
