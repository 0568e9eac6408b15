import { and, asc, eq, exists, or, sql } from 'drizzle-orm';
import {
  products,
  servicePlanResellers,
  servicePlans,
  type Executor,
  type Product,
  type ServicePlan,
} from '@keyway/db';
import { DomainError, notFound } from '../errors.ts';
import type { Actor } from '../tenancy/index.ts';
import { planTermColumns } from './columns.ts';
import { m } from '../i18n.ts';

/**
 * The plans a company may assign to its customers: the ones it owns, and for a reseller the ones
 * its tier-1 assigned to it.
 */
function assignableBy(db: Executor, actor: Pick<Actor, 'tier' | 'company'>) {
  return or(
    eq(servicePlans.companyId, actor.company.id),
    actor.tier === 'reseller'
      ? and(
          eq(servicePlans.channelId, actor.company.channelId ?? ''),
          exists(
            db
              .select({ one: sql`1` })
              .from(servicePlanResellers)
              .where(
                and(
                  eq(servicePlanResellers.planId, servicePlans.id),
                  eq(servicePlanResellers.resellerId, actor.company.id),
                ),
              ),
          ),
        )
      : undefined,
  );
}

/** A plan is locked while its product's composition is newer than the one its owner approved. */
export const isLocked = (plan: Pick<ServicePlan, 'approvedCompositionVersion'>, product: Pick<Product, 'compositionVersion'>) =>
  product.compositionVersion > plan.approvedCompositionVersion;

/**
 * A plan the actor's company may assign to a customer now, with its product. A plan it may not
 * use answers NOT_FOUND; a disabled plan BAD_REQUEST; a plan locked by a product composition
 * change CONFLICT until its owner approves the change. Call it inside the assignment's
 * transaction: the plan row is share-locked so it cannot be disabled or changed meanwhile.
 */
export async function assignablePlan(
  tx: Executor,
  actor: Pick<Actor, 'tier' | 'company'>,
  planId: string,
): Promise<{ plan: ServicePlan; product: Product }> {
  if (!/^[0-9a-f-]{36}$/i.test(planId)) throw notFound(m.not_found_service_plan());
  const [row] = await tx
    .select({ plan: servicePlans, product: products })
    .from(servicePlans)
    .innerJoin(products, eq(products.id, servicePlans.productId))
    .where(and(eq(servicePlans.id, planId), assignableBy(tx, actor)))
    .for('share', { of: servicePlans });
  if (!row) throw notFound(m.not_found_service_plan());
  if (!row.plan.enabled) {
    throw new DomainError('BAD_REQUEST', m.plans_disabled_assign({ plan: row.plan.name }));
  }
  if (isLocked(row.plan, row.product)) {
    throw new DomainError(
      'CONFLICT',
      m.plans_locked_assign({ plan: row.plan.name, product: row.product.name }),
    );
  }
  if (!row.product.enabled) {
    throw new DomainError('BAD_REQUEST', m.plans_product_not_sold({ product: row.product.name }));
  }
  return row;
}

/**
 * Every plan the actor's company may assign to a customer (enabled, unlocked), for pickers: its
 * own, and for a reseller the ones its tier-1 assigned to it.
 */
export async function listAssignablePlans(db: Executor, actor: Actor) {
  const rows = await db
    .select({
      id: servicePlans.id,
      name: servicePlans.name,
      productId: servicePlans.productId,
      productName: products.name,
      productCode: products.code,
      ...planTermColumns,
    })
    .from(servicePlans)
    .innerJoin(products, eq(products.id, servicePlans.productId))
    .where(
      and(
        assignableBy(db, actor),
        eq(servicePlans.enabled, true),
        eq(products.enabled, true),
        sql`${products.compositionVersion} <= ${servicePlans.approvedCompositionVersion}`,
      ),
    )
    .orderBy(asc(servicePlans.name), asc(servicePlans.id));
  return rows;
}
