import { sql } from 'drizzle-orm';
import type { Executor } from '@keyway/db';

/**
 * Writes, for `day` (YYYY-MM-DD, UTC), the units every customer holds of each product and unit type
 * in live (active or grace) full licenses into `license_units_daily`, keeping the greater of that
 * and what the day's row already holds. The trigger on `licenses` records the days with a change;
 * this gives every other day its row, so a usage report's provisioned figure (the highest of a
 * cycle's days) never depends on a license having changed during the cycle. One statement for the
 * whole deployment; running it twice for a day changes nothing. Answers the rows written.
 */
export async function snapshotLicenseUnits(db: Executor, day: string): Promise<number> {
  const rows = await db.execute<{ n: number }>(sql`
    with written as (
      insert into license_units_daily (customer_id, channel_id, partner_id, product_id, unit_type, day, units)
      select company_id, min(channel_id::text)::uuid, min(partner_id::text)::uuid, product_id, unit_type, ${day}::date, sum(units)
      from licenses
      where version_type = 'full' and status in ('active', 'grace')
      group by company_id, product_id, unit_type
      having sum(units) > 0
      on conflict (customer_id, product_id, unit_type, day)
        do update set units = greatest(license_units_daily.units, excluded.units)
        where license_units_daily.units < excluded.units
      returning 1
    )
    select count(*)::int as n from written
  `);
  return rows[0]?.n ?? 0;
}
