import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@keyway/db';
import { monthlyMaximaFrom } from '../sql.ts';

/**
 * Writes, for `day` (YYYY-MM-DD, UTC), the units every customer holds of each product and unit type
 * in live (active or grace) full licenses into `license_units_daily`, keeping the greater of that
 * and what the day's row already holds. The trigger on `licenses` records the days with a change;
 * this gives every other day its row, so a usage report's provisioned figure (the highest of a
 * cycle's days) never depends on a license having changed during the cycle. One statement for the
 * whole deployment; running it twice for a day changes nothing. Answers the rows written.
 *
 * The same statement raises each written day's month in `license_units_monthly`, as the trigger
 * does, so the month is always the greatest of its days.
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
      returning customer_id, channel_id, partner_id, product_id, unit_type, day, units
    ),
    monthly as (
      ${licenseUnitsMonthlyFrom(sql`written`)}
    )
    select count(*)::int as n from written
  `);
  return rows[0]?.n ?? 0;
}

/**
 * The upsert of `license_units_monthly` from daily rows just written (`source`: customer_id,
 * channel_id, partner_id, product_id, unit_type, day, units), as the `licenses` triggers do it
 * (migration 0014), for the writers in code.
 */
export const licenseUnitsMonthlyFrom = (source: SQL): SQL => monthlyMaximaFrom('license_units_monthly', 'units', source);
