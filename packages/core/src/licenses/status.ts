import { asc, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { z } from 'zod';
import { products, type Db, type License } from '@keyway/db';
import { addDays, today } from '../dates.ts';
import { m } from '../i18n.ts';
import { said } from '../validation.ts';

/**
 * The license status the console shows for a license, and filters customers and partners by
 * (DESIGN §2: normal / expiring soon / expired / over-allocated), with colour and text:
 *
 * - expiring soon: active, and its expiry date is within its expiration-notice days;
 * - expired: past its expiry date (grace, expired) or stopped with its customer (suspended);
 * - normal: any other live license (active further out, pending its first sign-in);
 * - over-allocated: live (active or in grace), and the customer's latest reported usage of its
 *   product and unit type (the most recent UTC day reported in the last week, `usage_daily`)
 *   exceeds the units all the customer's live licenses of that product and unit type hold. It
 *   overlaps the others: an over-allocated license is also normal or expiring soon.
 *
 * Discontinued licenses have no status: they ended on purpose and count for nothing.
 */
export const LICENSE_HEALTHS = ['normal', 'expiring-soon', 'expired', 'over-allocated'] as const;
export type LicenseHealth = (typeof LICENSE_HEALTHS)[number];

export const ZLicenseHealth = z.enum(LICENSE_HEALTHS, said(m.licenses_health_choose));

/** Reported usage older than this no longer says what a customer uses today. */
export const USAGE_FRESH_DAYS = 7;

/** For filter menus: every status. */
export const LICENSE_HEALTH_OPTIONS: readonly { value: LicenseHealth; label: string }[] = [
  { value: 'normal', label: 'Normal' },
  { value: 'expiring-soon', label: 'Expiring soon' },
  { value: 'expired', label: 'Expired' },
  { value: 'over-allocated', label: 'Over-allocated' },
];

/** The license row a condition is written on: `l` of the filters' subqueries, or a query's own columns. */
export interface LicenseRow {
  companyId: SQLWrapper;
  productId: SQLWrapper;
  unitType: SQLWrapper;
  status: SQLWrapper;
}

const L: LicenseRow = { companyId: sql`l.company_id`, productId: sql`l.product_id`, unitType: sql`l.unit_type`, status: sql`l.status` };

/**
 * The customer's latest reported usage of the license's product and unit type: the highest `used`
 * of the most recent UTC day reported in the last week; null when none.
 */
export function latestUsageOf(day: string = today(), l: LicenseRow = L): SQL<number | null> {
  return sql<number | null>`(select u.max_used from usage_daily u
    where u.customer_id = ${l.companyId} and u.product_id = ${l.productId} and u.unit_type = ${l.unitType}
      and u.day > ${day}::date - ${USAGE_FRESH_DAYS}::int and u.day <= ${day}::date
    order by u.day desc limit 1)`;
}

/** The license is over-allocated on `day` (see the rule above). */
export function overAllocatedCondition(day: string = today(), l: LicenseRow = L): SQL {
  const held = sql`(select sum(l2.units) from licenses l2
    where l2.company_id = ${l.companyId} and l2.product_id = ${l.productId} and l2.unit_type = ${l.unitType}
      and l2.status in ('active', 'grace'))`;
  return sql`(${l.status} in ('active', 'grace') and ${latestUsageOf(day, l)} > ${held})`;
}

/** The status of one license on `day` (today in UTC by default); null for a discontinued one. */
export function licenseHealthOf(
  license: Pick<License, 'status' | 'expiresOn' | 'expirationNoticeDays'>,
  day: string = today(),
): Exclude<LicenseHealth, 'over-allocated'> | null {
  // Over-allocation needs the customer's usage: `overAllocatedCondition` decides it in SQL.
  switch (license.status) {
    case 'discontinued':
      return null;
    case 'grace':
    case 'expired':
    case 'suspended':
      return 'expired';
    case 'pending':
      return 'normal';
    case 'active':
      return license.expiresOn <= addDays(day, license.expirationNoticeDays) ? 'expiring-soon' : 'normal';
  }
}

/**
 * The condition on a row of `licenses` (under the alias `l`) for a status on `day`, the same
 * rule as `licenseHealthOf`. `expires_on - expiration_notice_days` keeps "expiring soon" a
 * comparison on the row itself.
 */
export function licenseHealthCondition(health: z.infer<typeof ZLicenseHealth>, day: string = today()): SQL {
  switch (health) {
    case 'over-allocated':
      return overAllocatedCondition(day);
    case 'expired':
      return sql`l.status in ('grace', 'expired', 'suspended')`;
    case 'expiring-soon':
      return sql`(l.status = 'active' and l.expires_on - l.expiration_notice_days <= ${day}::date)`;
    case 'normal':
      return sql`(l.status = 'pending' or (l.status = 'active' and l.expires_on - l.expiration_notice_days > ${day}::date))`;
  }
}

/**
 * Companies (the outer query's `companies` row) with at least one license in this status and/or
 * of this product: a customer's own licenses, or the licenses of the customers below a partner
 * (a tier-1's whole channel, a tier-2's own customers). Without a status, any license that has
 * not been discontinued counts.
 */
export function hasLicensesCondition(options: {
  owner: 'customer' | 'tier2' | 'tier1';
  health?: z.infer<typeof ZLicenseHealth> | undefined;
  productId?: string | undefined;
  day?: string;
}): SQL {
  const column = { customer: sql`l.company_id`, tier2: sql`l.partner_id`, tier1: sql`l.channel_id` }[options.owner];
  const status = options.health ? licenseHealthCondition(options.health, options.day) : sql`l.status <> 'discontinued'`;
  const product = options.productId ? sql` and l.product_id = ${options.productId}` : sql``;
  return sql`exists (select 1 from licenses l where ${column} = "companies"."id" and ${status}${product})`;
}

/**
 * The product / license-status filter of the customers and partners lists and the search, on the
 * outer query's `companies` row, whatever its kind: a customer with such a license; a partner
 * whose customers have one, or, with a product and no status, a partner holding units of the
 * product in its pool (it sells it, customers or not). Undefined when neither is chosen.
 */
export function licenseFilterCondition(options: {
  health?: z.infer<typeof ZLicenseHealth> | undefined;
  productId?: string | undefined;
  day?: string;
}): SQL | undefined {
  const { health, productId, day } = options;
  if (!health && !productId) return undefined;
  const partner = (owner: 'tier1' | 'tier2') =>
    health
      ? hasLicensesCondition({ owner, health, productId, day })
      : sql`exists (select 1 from license_pools lp where lp.company_id = "companies"."id" and lp.product_id = ${productId}
          and (lp.trial_total > 0 or lp.full_total > 0))`;
  return sql`(("companies"."kind" = 'customer' and ${hasLicensesCondition({ owner: 'customer', health, productId, day })})
    or ("companies"."kind" = 'tier2' and ${partner('tier2')})
    or ("companies"."kind" = 'tier1' and ${partner('tier1')}))`;
}

/** What the product and license-status filters offer: the catalogue's products and every status. */
export async function licenseFilterOptions(db: Db) {
  const rows = await db.select({ id: products.id, name: products.name }).from(products).orderBy(asc(products.name));
  return { products: rows, statuses: LICENSE_HEALTH_OPTIONS };
}
