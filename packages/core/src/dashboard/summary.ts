import { and, count, inArray, sql } from 'drizzle-orm';
import { companyCounts, products, type CompanyKind, type Executor } from '@keyway/db';
import { can } from '../privileges.ts';
import { scopeOf, type Actor } from '../tenancy/index.ts';

export interface DashboardSummary {
  customers: { enabled: number; disabled: number; total: number } | null;
  partners: { active: number; suspended: number; canceled: number; total: number } | null;
  /** The vendor's catalog by status, as Product Catalog lists it. */
  products: { enabled: number; disabled: number; total: number } | null;
}

/**
 * Counts of the companies below the actor by status, for the dashboard's widgets: exact, and read
 * from `company_counts` (the few rows of the actor's scopes, kept by the statements that create,
 * change, move or delete companies) rather than by counting a channel's customers on each load.
 */
export async function dashboardSummary(db: Executor, actor: Actor): Promise<DashboardSummary> {
  const seesCustomers = can(actor, 'customers.view');
  const seesPartners = can(actor, 'partners.view');
  // The partners a widget counts are the ones its link lists: those directly below the actor
  // (the vendor's tier-1s, a tier-1's tier-2s). A tier-2 has none below it: the only tier-2 in
  // its scope is itself.
  const partnerKinds: CompanyKind[] = actor.tier === 'vendor' ? ['tier1'] : actor.tier === 'tier1' ? ['tier2'] : [];
  const kinds: CompanyKind[] = [
    ...(seesCustomers ? (['customer'] as const) : []),
    ...(seesPartners ? partnerKinds : []),
  ];
  const rows =
    kinds.length === 0
      ? []
      : await db
          .select({ kind: companyCounts.kind, status: companyCounts.status, n: sql<number>`sum(${companyCounts.companies})::int` })
          .from(companyCounts)
          .where(and(scopeOf(actor, companyCounts), inArray(companyCounts.kind, kinds)))
          .groupBy(companyCounts.kind, companyCounts.status);

  const catalog = can(actor, 'catalog.view')
    ? await db.select({ enabled: products.enabled, n: count() }).from(products).groupBy(products.enabled)
    : null;
  const productCount = (enabled: boolean) => catalog?.find((r) => r.enabled === enabled)?.n ?? 0;

  const tally = (kind: 'customer' | 'partner', status: string) =>
    rows
      .filter((r) => (kind === 'customer' ? r.kind === 'customer' : r.kind !== 'customer'))
      .filter((r) => r.status === status)
      .reduce((sum, r) => sum + r.n, 0);

  return {
    customers: seesCustomers
      ? {
          enabled: tally('customer', 'enabled'),
          disabled: tally('customer', 'disabled'),
          total: tally('customer', 'enabled') + tally('customer', 'disabled'),
        }
      : null,
    partners: seesPartners
      ? {
          active: tally('partner', 'active'),
          suspended: tally('partner', 'suspended'),
          canceled: tally('partner', 'canceled'),
          total:
            tally('partner', 'active') + tally('partner', 'suspended') + tally('partner', 'canceled'),
        }
      : null,
    products: catalog ? { enabled: productCount(true), disabled: productCount(false), total: productCount(true) + productCount(false) } : null,
  };
}
