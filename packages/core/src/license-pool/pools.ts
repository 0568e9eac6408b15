import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { companies, licensePools, products, type Company, type Db, type Executor, type LicensePool, type Tx } from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { assertWritable } from '../company/index.ts';
import { DomainError, notFound } from '../errors.ts';
import { licensePoolAutoRefill, type JobQueue } from '../jobs/index.ts';
import { pageSorted, ZPageCursor } from '../paging.ts';
import type { Actor } from '../tenancy/index.ts';
import { addUnits, moveUnits, poolOf } from './units.ts';
import { m, formatCount } from '../i18n.ts';
import { said } from '../validation.ts';

/** Tier-1 "add more licenses" brings this many units from the vendor each time. */
export const ADD_MORE_UNITS = 500;

/** The most units one form may move; keeps a typo from issuing a billion units. */
const MAX_UNITS = 1_000_000;

export const ZProductId = z.uuid(said(m.partners_choose_product));
export const ZVersionType = z.enum(['trial', 'full'], said(m.pool_version_choose));
export const ZUnits = z
  .number(said(m.licenses_units_number))
  .int(said(m.licenses_units_whole))
  .min(1, said(m.licenses_units_min))
  .max(MAX_UNITS, said(() => m.pool_units_max({ max: formatCount(MAX_UNITS) })));
export const ZUnitsOrZero = z
  .number(said(m.licenses_units_number))
  .int(said(m.licenses_units_whole))
  .min(0, said(m.pool_units_negative))
  .max(MAX_UNITS, said(() => m.pool_units_max({ max: formatCount(MAX_UNITS) })));

export type PoolStatus = 'normal' | 'low' | 'empty';

export const ZListPoolsInput = z.object({
  cursor: ZPageCursor.optional(),
  limit: z.number().int().min(1).max(100).default(50),
  sort: z
    .object({ by: z.enum(['product', 'fullRemaining', 'trialRemaining']).default('product'), direction: z.enum(['asc', 'desc']).default('asc') })
    .default({ by: 'product', direction: 'asc' }),
  filters: z.object({ status: z.enum(['normal', 'low', 'empty']).optional() }).default({}),
});

export const ZAddMoreInput = z.object({ productId: ZProductId, versionType: ZVersionType });
export const ZSetAutoRefillInput = z.object({
  productId: ZProductId,
  threshold: ZUnitsOrZero.describe('Remaining full units below which the vendor issues 1.5 × this; 0 = off.'),
});
export const ZSetMinimumInput = z.object({ productId: ZProductId, minimum: ZUnitsOrZero });
export const ZRefillInput = z.object({ productId: ZProductId });

/** One product's line in a pool table. */
export interface PoolLine {
  productId: string;
  productCode: string;
  productName: string;
  /** Null until units first came in. */
  poolId: string | null;
  trial: { total: number; assigned: number; remaining: number };
  full: { total: number; assigned: number; remaining: number };
  minimum: number;
  autoRefillThreshold: number;
  trialCapacity: number | null;
  fullCapacity: number | null;
  disabledAt: Date | null;
  status: PoolStatus;
}

/**
 * Normal, low (remaining full units below the minimum) or empty (nothing left at all). Trial units
 * never make a pool low: they are samples, not stock.
 */
export function poolStatus(pool: { trialRemaining: number; fullRemaining: number; minimum: number }): PoolStatus {
  if (pool.fullRemaining <= 0 && pool.trialRemaining <= 0) return 'empty';
  if (pool.fullRemaining < pool.minimum) return 'low';
  return 'normal';
}

/** Every enabled product with the company's pool of it; products it has no pool of show as zero. */
export async function poolLines(db: Executor, companyId: string): Promise<PoolLine[]> {
  const rows = await db
    .select({ product: products, pool: licensePools })
    .from(products)
    .leftJoin(licensePools, and(eq(licensePools.productId, products.id), eq(licensePools.companyId, companyId)))
    .where(sql`${products.enabled} or ${licensePools.id} is not null`)
    .orderBy(asc(products.name));
  return rows.map(({ product, pool }) => {
    const trial = { total: pool?.trialTotal ?? 0, assigned: pool?.trialAssigned ?? 0, remaining: 0 };
    trial.remaining = trial.total - trial.assigned;
    const full = { total: pool?.fullTotal ?? 0, assigned: pool?.fullAssigned ?? 0, remaining: 0 };
    full.remaining = full.total - full.assigned;
    const minimum = pool?.minimum ?? 0;
    return {
      productId: product.id,
      productCode: product.code,
      productName: product.name,
      poolId: pool?.id ?? null,
      trial,
      full,
      minimum,
      autoRefillThreshold: pool?.autoRefillThreshold ?? 0,
      trialCapacity: pool?.trialCapacity ?? null,
      fullCapacity: pool?.fullCapacity ?? null,
      disabledAt: pool?.disabledAt ?? null,
      status: poolStatus({ trialRemaining: trial.remaining, fullRemaining: full.remaining, minimum }),
    };
  });
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The actor's own company's pools, one line per product. */
export async function listPools(db: Db, actor: Actor, input: z.input<typeof ZListPoolsInput>) {
  const { cursor, limit, sort, filters } = ZListPoolsInput.parse(input);
  const [company] = await db
    .select({ poolRefillAllowed: companies.poolRefillAllowed, parentId: companies.parentId, kind: companies.kind })
    .from(companies)
    .where(eq(companies.id, actor.company.id));
  let lines = await poolLines(db, actor.company.id);
  if (filters.status) lines = lines.filter((line) => line.status === filters.status);
  // Every product's line is computed (its status is the domain's rule, not a column), so the
  // lines are sorted and paged here: by remaining units and then name, or by name (in the
  // database's code-point order), and the product id last.
  const sign = sort.direction === 'asc' ? 1 : -1;
  const byName = sort.by === 'product';
  const page = pageSorted(
    lines,
    {
      key: `license-pool:${sort.by}:${sort.direction}`,
      types: byName ? ['text', 'uuid'] : ['integer', 'text', 'uuid'],
      valuesOf: (line) => [
        ...(byName ? [] : [String(sort.by === 'fullRemaining' ? line.full.remaining : line.trial.remaining)]),
        line.productName,
        line.productId,
      ],
      compare: (a, b) =>
        sign *
        (byName
          ? byCodePoint(a[0]!, b[0]!) || byCodePoint(a[1]!, b[1]!)
          : Number(a[0]) - Number(b[0]) || a[1]!.localeCompare(b[1]!) || byCodePoint(a[2]!, b[2]!)),
    },
    cursor,
    limit,
  );
  return {
    ...page,
    total: lines.length,
    /** What the page offers: tier-1s add stock from the vendor; tier-2s refill or ask their parent. */
    company: {
      tier: actor.tier,
      refillAllowed: company?.kind === 'tier2' && (company.poolRefillAllowed ?? false),
      addMoreUnits: ADD_MORE_UNITS,
    },
  };
}

/** The product by id; NOT_FOUND otherwise. */
export async function productOf(db: Executor, productId: string) {
  const [product] = await db.select().from(products).where(eq(products.id, productId));
  if (!product) throw notFound(m.not_found_product());
  return product;
}

/** The actor's own company, refused when it may not change anything. */
export async function ownCompany(tx: Tx, actor: Actor): Promise<Company> {
  const [company] = await tx.select().from(companies).where(eq(companies.id, actor.company.id));
  if (!company) throw notFound(m.not_found_your_company());
  await assertWritable(tx, company);
  return company;
}

/** The audit row of a change to one pool. */
export function poolAudit(tx: Tx, actor: Actor, company: Company, action: string, pool: LicensePool, before: unknown, after: unknown) {
  return writeAudit(tx, actor, {
    company,
    action,
    targetType: 'license-pool',
    targetId: pool.id,
    before,
    after,
  });
}

/** A pool's unit counts, as audit rows record them before and after a change. */
export const poolTotals = (pool: LicensePool) => ({
  trialTotal: pool.trialTotal,
  trialAssigned: pool.trialAssigned,
  fullTotal: pool.fullTotal,
  fullAssigned: pool.fullAssigned,
});

/** Refuses anyone but a tier-1 partner, saying what only tier-1 partners do (`m.pool_only_tier1_add()`). */
export function requireTier1(actor: Actor, refusal: () => string) {
  if (actor.tier !== 'tier1') throw new DomainError('FORBIDDEN', refusal());
}

/** Tier-1 "add more licenses": +500 trial or full units of a product from the vendor. */
export async function addMoreLicenses(db: Db, actor: Actor, input: z.input<typeof ZAddMoreInput>) {
  const { productId, versionType } = ZAddMoreInput.parse(input);
  requireTier1(actor, m.pool_only_tier1_add);
  return db.transaction(async (tx) => {
    const product = await productOf(tx, productId);
    const company = await ownCompany(tx, actor);
    const before = await poolOf(tx, company.id, productId);
    const after = await addUnits(
      tx,
      { companyId: company.id, productId },
      { kind: 'vendor-issue', versionType, units: ADD_MORE_UNITS, actorUserId: actor.userId },
    );
    await poolAudit(tx, actor, company, 'license-pool.add-more', after, poolTotals(before), { ...poolTotals(after), product: product.name, versionType, units: ADD_MORE_UNITS });
    return { productId, versionType, units: ADD_MORE_UNITS, line: (await poolLines(tx, company.id)).find((l) => l.productId === productId)! };
  });
}

/**
 * Tier-1: the auto-refill threshold of a product (0 = off). When the pool is already below the new
 * threshold, the refill is queued now: no draw would ever cross it otherwise.
 */
export async function setAutoRefill(db: Db, jobs: JobQueue, actor: Actor, input: z.input<typeof ZSetAutoRefillInput>) {
  const { productId, threshold } = ZSetAutoRefillInput.parse(input);
  requireTier1(actor, m.pool_only_tier1_threshold);
  return db.transaction(async (tx) => {
    await productOf(tx, productId);
    const company = await ownCompany(tx, actor);
    const { id } = await poolOf(tx, company.id, productId);
    const [before] = await tx.select().from(licensePools).where(eq(licensePools.id, id)).for('update');
    const [after] = await tx.update(licensePools).set({ autoRefillThreshold: threshold }).where(eq(licensePools.id, id)).returning();
    const queued = threshold > 0 && after!.fullTotal - after!.fullAssigned < threshold;
    if (queued) await jobs.send(tx, licensePoolAutoRefill, { poolId: id });
    await poolAudit(tx, actor, company, 'license-pool.set-auto-refill', after!, { autoRefillThreshold: before!.autoRefillThreshold }, { autoRefillThreshold: threshold });
    return { productId, threshold, refillQueued: queued };
  });
}

/** The minimum remaining full units below which the pool shows as low. */
export async function setMinimum(db: Db, actor: Actor, input: z.input<typeof ZSetMinimumInput>) {
  const { productId, minimum } = ZSetMinimumInput.parse(input);
  return db.transaction(async (tx) => {
    await productOf(tx, productId);
    const company = await ownCompany(tx, actor);
    const { id } = await poolOf(tx, company.id, productId);
    const [before] = await tx.select().from(licensePools).where(eq(licensePools.id, id)).for('update');
    const [after] = await tx.update(licensePools).set({ minimum }).where(eq(licensePools.id, id)).returning();
    await poolAudit(tx, actor, company, 'license-pool.set-minimum', after!, { minimum: before!.minimum }, { minimum });
    return { productId, minimum };
  });
}

/**
 * Tier-2: tops its pool of a product up to the capacity its parent set, drawing from the parent's
 * pool, only when the parent allowed "license pool refill".
 */
export async function refillPool(db: Db, jobs: JobQueue, actor: Actor, input: z.input<typeof ZRefillInput>) {
  const { productId } = ZRefillInput.parse(input);
  if (actor.tier !== 'msp' && actor.tier !== 'reseller') {
    throw new DomainError('FORBIDDEN', m.pool_only_tier2_refill());
  }
  return db.transaction(async (tx) => {
    const product = await productOf(tx, productId);
    const company = await ownCompany(tx, actor);
    if (!company.poolRefillAllowed || !company.parentId) {
      throw new DomainError('FORBIDDEN', m.pool_refill_not_allowed());
    }
    const { id } = await poolOf(tx, company.id, productId);
    // Locks the pool so two refills at once do not both top it up.
    const [pool] = await tx.select().from(licensePools).where(eq(licensePools.id, id)).for('update');
    if (pool!.disabledAt) throw new DomainError('FORBIDDEN', m.pool_product_disabled_for({ product: product.name, company: company.name }));
    if (pool!.fullCapacity === null && pool!.trialCapacity === null) {
      throw new DomainError('CONFLICT', m.pool_no_refill_capacity({ product: product.name }));
    }
    const wanted = {
      trial: pool!.trialCapacity === null ? 0 : Math.max(0, pool!.trialCapacity - (pool!.trialTotal - pool!.trialAssigned)),
      full: pool!.fullCapacity === null ? 0 : Math.max(0, pool!.fullCapacity - (pool!.fullTotal - pool!.fullAssigned)),
    };
    if (wanted.trial === 0 && wanted.full === 0) {
      throw new DomainError('CONFLICT', m.pool_at_capacity({ product: product.name }));
    }
    let after = pool!;
    for (const versionType of ['trial', 'full'] as const) {
      if (wanted[versionType] === 0) continue;
      const moved = await moveUnits(
        tx,
        jobs,
        { companyId: company.parentId, productId },
        { companyId: company.id },
        { kind: 'refill', versionType, units: wanted[versionType], actorUserId: actor.userId },
      );
      after = moved.to;
    }
    await poolAudit(tx, actor, company, 'license-pool.refill', after, poolTotals(pool!), { ...poolTotals(after), product: product.name, ...wanted });
    return { productId, trialUnits: wanted.trial, fullUnits: wanted.full };
  });
}

/**
 * The auto-refill job: under the pool's row lock, issues 1.5 × the threshold from the vendor when
 * remaining full units are below it, else nothing. A second run for the same crossing finds the
 * pool refilled and issues nothing.
 */
export async function runAutoRefill(db: Db, poolId: string): Promise<{ issued: number }> {
  return db.transaction(async (tx) => {
    const [pool] = await tx.select().from(licensePools).where(eq(licensePools.id, poolId)).for('update');
    if (!pool) return { issued: 0 };
    const threshold = pool.autoRefillThreshold;
    if (threshold <= 0 || pool.fullTotal - pool.fullAssigned >= threshold) return { issued: 0 };
    const [company] = await tx.select().from(companies).where(eq(companies.id, pool.companyId));
    if (!company || company.kind !== 'tier1' || company.status === 'canceled') return { issued: 0 };
    const units = Math.ceil(threshold * 1.5);
    const after = await addUnits(
      tx,
      { companyId: pool.companyId, productId: pool.productId },
      { kind: 'auto-refill', versionType: 'full', units, actorUserId: null, note: `Remaining full units fell below ${threshold}.` },
    );
    await writeAudit(tx, null, {
      company,
      action: 'license-pool.auto-refill',
      targetType: 'license-pool',
      targetId: pool.id,
      before: poolTotals(pool),
      after: { ...poolTotals(after), units, threshold },
    });
    return { issued: units };
  });
}
