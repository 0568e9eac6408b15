import { and, asc, count, eq, gt, gte, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { licenses, products, servicePlans, type Db } from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { notFound } from '../errors.ts';
import { recordTransaction } from '../licenses/index.ts';
import { said, ZText } from '../validation.ts';
import { formatCount, m } from '../i18n.ts';

export const ZChangeProductCompositionInput = z.object({
  productId: z.uuid(said(m.customers_product_id_invalid)),
  description: ZText(2000, { tooLong: () => m.validation_description_too_long({ max: formatCount(2000) }) }).min(3, said(m.catalog_describe_change)).optional(),
});

const LIVE = ['active', 'grace', 'pending'] as const;
const BATCH = 1000;

/**
 * The vendor changed what a product is made of. Its composition version goes up, which locks
 * every plan of the product until the plan's owner approves the change, and every live license of
 * the product gets a "suite composition change" row under Customer Transactions (units unchanged),
 * all in one transaction.
 */
export async function changeProductComposition(
  db: Db,
  productId: string,
  change: { description?: string } = {},
  actor: { userId: string; companyId: string; ip?: string | null } | null = null,
): Promise<{ compositionVersion: number; transactions: number; lockedPlans: number }> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(products).where(eq(products.id, productId)).for('update');
    if (!before) throw notFound(m.not_found_product());
    // The plans approved for the version before this change: the ones this change locks.
    const [locking] = await tx
      .select({ n: count() })
      .from(servicePlans)
      .where(and(eq(servicePlans.productId, productId), gte(servicePlans.approvedCompositionVersion, before.compositionVersion)));
    const lockedPlans = locking?.n ?? 0;
    const [after] = await tx
      .update(products)
      .set({
        compositionVersion: sql`${products.compositionVersion} + 1`,
        ...(change.description !== undefined ? { description: change.description } : {}),
      })
      .where(eq(products.id, productId))
      .returning();
    let written = 0;
    let lastId: string | null = null;
    for (;;) {
      const batch = await tx
        .select()
        .from(licenses)
        .where(
          and(
            eq(licenses.productId, productId),
            inArray(licenses.status, [...LIVE]),
            lastId ? gt(licenses.id, lastId) : undefined,
          ),
        )
        .orderBy(asc(licenses.id))
        .limit(BATCH);
      for (const license of batch) {
        await recordTransaction(tx, license, {
          type: 'suite-composition-change',
          previousUnits: license.units,
          previousChargeStartsOn: license.chargeStartsOn,
          actor: null,
          note: change.description ? `${before.name}: ${change.description}` : `${before.name} changed composition.`,
        });
      }
      written += batch.length;
      if (batch.length < BATCH) break;
      lastId = batch[batch.length - 1]!.id;
    }
    await writeAudit(tx, actor, {
      company: null,
      action: 'product.composition-change',
      targetType: 'product',
      targetId: productId,
      before: { compositionVersion: before.compositionVersion, description: before.description },
      after: { compositionVersion: after!.compositionVersion, description: after!.description, transactions: written, lockedPlans },
    });
    return { compositionVersion: after!.compositionVersion, transactions: written, lockedPlans };
  });
}
