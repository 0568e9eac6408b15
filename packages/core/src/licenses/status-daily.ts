import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '@keyway/db';
import { licenseHealthCondition } from './status.ts';

/** The counted columns of `license_status_daily` on `day`, each a condition on a `licenses l` row. */
function statusCounts(day: string): { active: SQL; trial: SQL; expiringSoon: SQL; expired: SQL } {
  const normal = licenseHealthCondition('normal', day);
  return {
    active: sql`count(*) filter (where ${normal} and l.version_type = 'full')::int`,
    trial: sql`count(*) filter (where ${normal} and l.version_type = 'trial')::int`,
    expiringSoon: sql`count(*) filter (where ${licenseHealthCondition('expiring-soon', day)})::int`,
    expired: sql`count(*) filter (where ${licenseHealthCondition('expired', day)})::int`,
  };
}

const upsert = sql`on conflict on constraint license_status_daily_key do update
  set active = excluded.active, trial = excluded.trial, expiring_soon = excluded.expiring_soon, expired = excluded.expired`;

/**
 * Writes `day`'s (YYYY-MM-DD) counts of licenses per status into `license_status_daily`, one row
 * per tier-1 × tier-2, from the licenses as they stand: one statement over `licenses`, grouped by
 * their stamps. The statuses follow the license status filter (`licenseHealthCondition`); the
 * normal ones are split into full and trial. Running it again for the day replaces the day's
 * counts. Answers the rows written.
 */
export async function snapshotLicenseStatus(db: Executor, day: string): Promise<number> {
  const counts = statusCounts(day);
  const rows = await db.execute<{ n: number }>(sql`
    with written as (
      insert into license_status_daily (day, channel_id, partner_id, active, trial, expiring_soon, expired)
      select ${day}::date, l.channel_id, l.partner_id, ${counts.active}, ${counts.trial}, ${counts.expiringSoon}, ${counts.expired}
      from licenses l
      where l.status <> 'discontinued'
      group by l.channel_id, l.partner_id
      ${upsert}
      returning 1
    )
    select count(*)::int as n from written`);
  return rows[0]?.n ?? 0;
}

/**
 * Fills `license_status_daily` for the days `from` … `to` (inclusive) from the licenses' dates
 * alone, for a deployment (or the demo data) that has no snapshots yet: on each day a license that
 * had started and was not yet discontinued was expired after its expiry date, expiring soon inside
 * its notice window, and trial or active before. It cannot know what renewals and conversions
 * changed since, so the daily job's own rows (from the statuses it sees) replace these: days that
 * have a row already are left alone. One statement for the whole range.
 */
export async function backfillLicenseStatus(db: Executor, from: string, to: string): Promise<number> {
  const rows = await db.execute<{ n: number }>(sql`
    with days as (select d::date as day from generate_series(${from}::date, ${to}::date, interval '1 day') d),
    dated as (
      select days.day, l.channel_id, l.partner_id, l.version_type,
        case
          when l.expires_on < days.day then 'expired'
          when l.expires_on - l.expiration_notice_days <= days.day then 'expiring-soon'
          else 'normal'
        end as health
      from days
      join licenses l on l.starts_on <= days.day and (l.discontinued_at is null or l.discontinued_at::date > days.day)
    ),
    written as (
      insert into license_status_daily (day, channel_id, partner_id, active, trial, expiring_soon, expired)
      select day, channel_id, partner_id,
        count(*) filter (where health = 'normal' and version_type = 'full')::int,
        count(*) filter (where health = 'normal' and version_type = 'trial')::int,
        count(*) filter (where health = 'expiring-soon')::int,
        count(*) filter (where health = 'expired')::int
      from dated
      group by day, channel_id, partner_id
      on conflict on constraint license_status_daily_key do nothing
      returning 1
    )
    select count(*)::int as n from written`);
  return rows[0]?.n ?? 0;
}
