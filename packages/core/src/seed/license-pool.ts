import { and, eq, inArray } from 'drizzle-orm';
import { companies, licensePools, products, users, type Tx } from '@keyway/db';
import type { JobQueue } from '../jobs/index.ts';
import { addUnits, moveUnits, withdrawUnits } from '../license-pool/index.ts';

/** What each tier-1 got from the vendor, per product code. */
const TIER1_STOCK: Record<string, { trial: number; full: number; threshold: number }> = {
  CE: { trial: 200, full: 2000, threshold: 200 },
  EP: { trial: 200, full: 3000, threshold: 300 },
  WG: { trial: 100, full: 1000, threshold: 0 },
  SS: { trial: 50, full: 500, threshold: 0 },
};

/** What each tier-1 assigned to each of its partners; MSPs may refill up to the capacity. */
const PARTNER_STOCK: Record<string, { trial: number; full: number; capacity: number; minimum: number }> = {
  CE: { trial: 20, full: 250, capacity: 300, minimum: 50 },
  EP: { trial: 20, full: 400, capacity: 500, minimum: 100 },
  WG: { trial: 10, full: 100, capacity: 150, minimum: 20 },
};

/**
 * The vendor's own entries in one tier-1's ledger (its Stock tab): a promotion's stock added by the
 * vendor's administrator and what was left of it taken back, with their reasons. Net zero.
 */
const VENDOR_MOVEMENTS = {
  tier1: 'northwind-distribution',
  product: 'SS',
  added: { units: 300, note: 'Server Security launch promotion' },
  withdrawn: { units: 300, note: 'Promotion ended: unsold promotion units returned' },
} as const;

/** Seeding sets no threshold before its draws, so no refill job can be due. */
const noJobs: JobQueue = {
  send: () => Promise.reject(new Error('The demo license pools queue no jobs.')),
  sendMany: () => Promise.reject(new Error('The demo license pools queue no jobs.')),
  stop: () => Promise.resolve(),
};

/**
 * Demo license pools: stock from the vendor for every tier-1, and assignments from each tier-1 to
 * its partners, all through the pool ledger. Idempotent: a tier-1 that has any pool already is
 * left as it is, with its partners.
 */
export async function seedLicensePools(tx: Tx): Promise<void> {
  const catalog = await tx.select({ id: products.id, code: products.code }).from(products);
  const productId = new Map(catalog.map((p) => [p.code, p.id]));
  const tier1s = await tx.select().from(companies).where(eq(companies.kind, 'tier1'));
  for (const tier1 of tier1s) {
    const [existing] = await tx.select({ id: licensePools.id }).from(licensePools).where(eq(licensePools.companyId, tier1.id)).limit(1);
    if (existing) continue;
    for (const [code, stock] of Object.entries(TIER1_STOCK)) {
      const product = productId.get(code);
      if (!product) continue;
      const pool = { companyId: tier1.id, productId: product };
      await addUnits(tx, pool, { kind: 'vendor-issue', versionType: 'trial', units: stock.trial, actorUserId: null });
      await addUnits(tx, pool, { kind: 'vendor-issue', versionType: 'full', units: stock.full, actorUserId: null });
    }
    const partners = await tx
      .select()
      .from(companies)
      .where(and(eq(companies.parentId, tier1.id), eq(companies.kind, 'tier2'), inArray(companies.status, ['active', 'suspended'])));
    for (const partner of partners) {
      for (const [code, stock] of Object.entries(PARTNER_STOCK)) {
        const product = productId.get(code);
        if (!product) continue;
        for (const versionType of ['trial', 'full'] as const) {
          await moveUnits(
            tx,
            noJobs,
            { companyId: tier1.id, productId: product },
            { companyId: partner.id },
            { kind: 'partner-assignment', versionType, units: stock[versionType], actorUserId: null },
          );
        }
        await tx
          .update(licensePools)
          .set({ minimum: stock.minimum, fullCapacity: partner.type === 'msp' ? stock.capacity : null })
          .where(and(eq(licensePools.companyId, partner.id), eq(licensePools.productId, product)));
      }
    }
    const ledgerProduct = productId.get(VENDOR_MOVEMENTS.product);
    if (tier1.accountName === VENDOR_MOVEMENTS.tier1 && ledgerProduct) {
      const [admin] = await tx.select({ id: users.id }).from(users).where(eq(users.email, 'admin@keyway.example'));
      const pool = { companyId: tier1.id, productId: ledgerProduct };
      const by = { versionType: 'full', actorUserId: admin?.id ?? null } as const;
      await addUnits(tx, pool, { kind: 'vendor-issue', ...by, ...VENDOR_MOVEMENTS.added });
      await withdrawUnits(tx, pool, { kind: 'vendor-withdrawal', ...by, ...VENDOR_MOVEMENTS.withdrawn });
    }
    for (const [code, stock] of Object.entries(TIER1_STOCK)) {
      const product = productId.get(code);
      if (!product || stock.threshold === 0) continue;
      await tx
        .update(licensePools)
        .set({ autoRefillThreshold: stock.threshold })
        .where(and(eq(licensePools.companyId, tier1.id), eq(licensePools.productId, product)));
    }
  }
}
