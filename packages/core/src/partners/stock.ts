import { and, count, eq, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { companies, licensePoolMovements, products, users, type Db, type Executor } from '@keyway/db';
import { assertWritable, companyInScope } from '../company/index.ts';
import { DomainError } from '../errors.ts';
import { formatCount, m } from '../i18n.ts';
import {
  addUnits,
  poolAudit,
  poolLines,
  poolOf,
  poolTotals,
  productOf,
  withdrawUnits,
  ZProductId,
  ZUnits,
  ZVersionType,
} from '../license-pool/index.ts';
import { keyset, ZPageCursor } from '../paging.ts';
import type { Actor } from '../tenancy/index.ts';
import { said, ZText } from '../validation.ts';

/*
 * A tier-1's stock as its vendor keeps it (the tier-1's Stock tab): units per product, added or
 * taken back by the vendor, and the ledger of every movement in or out of the tier-1's pools.
 */

const ZPartnerId = z.uuid(said(m.customers_partner_id_invalid));

export const ZTier1StockInput = z.object({ partnerId: ZPartnerId });
export const ZChangeTier1StockInput = z.object({
  partnerId: ZPartnerId,
  productId: ZProductId,
  versionType: ZVersionType,
  units: ZUnits,
  reason: ZText(500, { tooLong: () => m.validation_reason_too_long({ max: formatCount(500) }) }).min(3, said(m.stock_reason_required)),
});
export const ZTier1StockMovementsInput = z.object({
  partnerId: ZPartnerId,
  cursor: ZPageCursor.optional(),
  limit: z.number().int().min(1).max(100).default(25),
  filters: z.object({ productId: ZProductId.optional() }).default({}),
});

/** A tier-1 of the vendor actor's; other ids (and other tiers' callers) are refused. */
async function tier1Of(db: Executor, actor: Actor, partnerId: string, options: { forUpdate?: boolean } = {}) {
  if (actor.tier !== 'vendor') throw new DomainError('FORBIDDEN', m.stock_only_vendor());
  return companyInScope(db, actor, partnerId, ['tier1'], { ...options, notFound: m.not_found_tier1_partner });
}

/** The tier-1's stock, one line per product (enabled products, and any it holds units of). */
export async function getTier1Stock(db: Db, actor: Actor, input: z.input<typeof ZTier1StockInput>) {
  const { partnerId } = ZTier1StockInput.parse(input);
  const partner = await tier1Of(db, actor, partnerId);
  const items = await poolLines(db, partner.id);
  return { items, nextCursor: null, total: items.length, partner: { id: partner.id, name: partner.name, status: partner.status } };
}

/** Newest first: who moved how many units of what, and why. */
export async function listTier1StockMovements(db: Db, actor: Actor, input: z.input<typeof ZTier1StockMovementsInput>) {
  const { partnerId, cursor, limit, filters } = ZTier1StockMovementsInput.parse(input);
  const partner = await tier1Of(db, actor, partnerId);
  const counterpart = alias(companies, 'counterpart');
  const where: (SQL | undefined)[] = [
    eq(licensePoolMovements.companyId, partner.id),
    filters.productId ? eq(licensePoolMovements.productId, filters.productId) : undefined,
  ];
  const keys = keyset('tier1-stock:at:desc', 'desc', [
    { column: licensePoolMovements.at, type: 'timestamptz' },
    { column: licensePoolMovements.id, type: 'bigint' },
  ]);
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: licensePoolMovements.id,
        at: licensePoolMovements.at,
        kind: licensePoolMovements.kind,
        productId: licensePoolMovements.productId,
        productName: products.name,
        productCode: products.code,
        trialUnits: licensePoolMovements.trialUnits,
        fullUnits: licensePoolMovements.fullUnits,
        counterpartName: counterpart.name,
        actorName: users.name,
        note: licensePoolMovements.note,
        cursor: keys.cursor,
      })
      .from(licensePoolMovements)
      .innerJoin(products, eq(products.id, licensePoolMovements.productId))
      .leftJoin(counterpart, eq(counterpart.id, licensePoolMovements.counterpartCompanyId))
      .leftJoin(users, eq(users.id, licensePoolMovements.actorUserId))
      .where(and(...where, keys.after(cursor)))
      .orderBy(...keys.orderBy)
      .limit(limit + 1),
    db.select({ n: count() }).from(licensePoolMovements).where(and(...where)),
  ]);
  return { ...keys.page(rows, limit), total: total?.n ?? 0 };
}

/**
 * The vendor adds units of a product to a tier-1's stock (a "vendor issue" in its ledger, with the
 * reason). A suspended or canceled tier-1 takes no changes.
 */
export function addTier1Stock(db: Db, actor: Actor, input: z.input<typeof ZChangeTier1StockInput>) {
  return changeTier1Stock(db, actor, input, 'add');
}

/**
 * The vendor takes units back out of a tier-1's stock: only unassigned ones (units the tier-1
 * assigned to partners or customers stay theirs), checked by the pool's own conditional update.
 */
export function removeTier1Stock(db: Db, actor: Actor, input: z.input<typeof ZChangeTier1StockInput>) {
  return changeTier1Stock(db, actor, input, 'remove');
}

async function changeTier1Stock(db: Db, actor: Actor, input: z.input<typeof ZChangeTier1StockInput>, direction: 'add' | 'remove') {
  const { partnerId, productId, versionType, units, reason } = ZChangeTier1StockInput.parse(input);
  return db.transaction(async (tx) => {
    const partner = await tier1Of(tx, actor, partnerId);
    const product = await productOf(tx, productId);
    if (direction === 'add' && !product.enabled) {
      throw new DomainError('CONFLICT', m.stock_product_disabled({ product: product.name }), { field: 'productId' });
    }
    await assertWritable(tx, partner);
    const before = await poolOf(tx, partner.id, product.id);
    const pool = { companyId: partner.id, productId: product.id };
    const movement = { versionType, units, actorUserId: actor.userId, note: reason };
    const after =
      direction === 'add'
        ? await addUnits(tx, pool, { kind: 'vendor-issue', ...movement })
        : await withdrawUnits(tx, pool, { kind: 'vendor-withdrawal', ...movement });
    await poolAudit(tx, actor, partner, `partner.stock.${direction}`, after, poolTotals(before), { ...poolTotals(after), product: product.name, versionType, units, reason });
    return { partnerId, productId, versionType, units, line: (await poolLines(tx, partner.id)).find((l) => l.productId === product.id)! };
  });
}
