import { and, count, inArray, ne } from 'drizzle-orm';
import { companies, products, type CompanyKind, type Executor } from '@keyway/db';
import { can } from '../privileges.ts';
import { scopeOf, type Actor } from '../tenancy/index.ts';

export interface DashboardSummary {
  customers: { enabled: number; disabled: number; total: number } | null;
  partners: { active: number; suspended: number; canceled: number; total: number } | null;
  /** The vendor's catalog by status, as Product Catalog lists it. */
  products: { enabled: number; disabled: number; total: number } | null;
}

/** Counts of the companies below the actor by status, for the dashboard's widgets. */
export async function dashboardSummary(db: Executor, actor: Actor): Promise<DashboardSummary> {
  const seesCustomers = can(actor, 'customers.view');
  const seesPartners = can(actor, 'partners.view');
  // The partners a widget counts are the ones its link lists: those directly below the actor
  // (the vendor's tier-1s, a tier-1's tier-2s).
  const partnerKinds: CompanyKind[] = actor.tier === 'vendor' ? ['tier1'] : ['tier2'];
  const kinds: CompanyKind[] = [
    ...(seesCustomers ? (['customer'] as const) : []),
    ...(seesPartners ? partnerKinds : []),
  ];
  const rows =
    kinds.length === 0
      ? []
      : await db
          .select({ kind: companies.kind, status: companies.status, n: count() })
          .from(companies)
          .where(
            and(
              scopeOf(actor, companies),
              ne(companies.id, actor.company.id),
              inArray(companies.kind, kinds),
            ),
          )
          .groupBy(companies.kind, companies.status);

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
