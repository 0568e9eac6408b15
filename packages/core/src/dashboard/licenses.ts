import { and, asc, between, eq, inArray, sql, type SQLWrapper } from 'drizzle-orm';
import { z } from 'zod';
import { companies, licenses, licenseStatusDaily, products, type Executor } from '@keyway/db';
import { addDays, today } from '../dates.ts';
import { m } from '../i18n.ts';
import { said } from '../validation.ts';
import { scopeOf, type Actor } from '../tenancy/index.ts';

/** How far ahead the expiring-soon list looks. */
export const EXPIRING_WITHIN_DAYS = 30;

/** Counting the expiring licenses stops here: past it the widget says "1,000+". */
export const EXPIRING_COUNT_CAP = 1000;

export const ZLicenseHistoryInput = z
  .object({
    weeks: z
      .number(said(m.dashboard_weeks_whole))
      .int(said(m.dashboard_weeks_whole))
      .min(2, said(m.dashboard_weeks_min))
      .max(53, said(m.dashboard_weeks_max)),
  })
  .partial()
  .default({});

export const ZExpiringLicensesInput = z
  .object({
    limit: z
      .number(said(m.dashboard_licenses_whole))
      .int(said(m.dashboard_licenses_whole))
      .min(1, said(m.dashboard_licenses_min))
      .max(50, said(m.dashboard_licenses_max)),
  })
  .partial()
  .default({});

export interface LicenseStatusPoint {
  /** The UTC day the counts stood on. */
  day: string;
  active: number;
  trial: number;
  expiringSoon: number;
  expired: number;
}

/**
 * The actor's licenses per status on one day a week for the last `weeks` weeks, oldest first,
 * today last: sums of the daily snapshot (`license_status_daily`, written by `licenses.daily`)
 * over the actor's part of it, so a load reads `weeks` × partners rows through the stamps' index
 * instead of counting a channel's licenses per point. A day without a snapshot counts zero.
 */
export async function licenseStatusHistory(
  db: Executor,
  actor: Actor,
  input: z.input<typeof ZLicenseHistoryInput>,
  day: string = today(),
): Promise<{ points: LicenseStatusPoint[] }> {
  const weeks = ZLicenseHistoryInput.parse(input).weeks ?? 13;
  const days = Array.from({ length: weeks }, (_, index) => addDays(day, -7 * (weeks - 1 - index)));
  const total = (column: SQLWrapper) => sql<number>`coalesce(sum(${column}), 0)::int`;
  const rows = await db
    .select({
      day: licenseStatusDaily.day,
      active: total(licenseStatusDaily.active),
      trial: total(licenseStatusDaily.trial),
      expiringSoon: total(licenseStatusDaily.expiringSoon),
      expired: total(licenseStatusDaily.expired),
    })
    .from(licenseStatusDaily)
    .where(and(scopeOf(actor, licenseStatusDaily), inArray(licenseStatusDaily.day, days)))
    .groupBy(licenseStatusDaily.day);
  const byDay = new Map(rows.map((row) => [row.day, row]));
  return {
    points: days.map((d) => {
      const row = byDay.get(d);
      return { day: d, active: row?.active ?? 0, trial: row?.trial ?? 0, expiringSoon: row?.expiringSoon ?? 0, expired: row?.expired ?? 0 };
    }),
  };
}

/**
 * Active licenses in the actor's part of the tree that expire in the next 30 days (today
 * included), soonest first, with their customer; and how many there are, counted up to
 * `EXPIRING_COUNT_CAP`. Both walk the live licenses' expiry index over the 30 days only.
 */
export async function expiringLicenses(
  db: Executor,
  actor: Actor,
  input: z.input<typeof ZExpiringLicensesInput>,
  day: string = today(),
) {
  const limit = ZExpiringLicensesInput.parse(input).limit ?? 8;
  const where = and(
    scopeOf(actor, licenses),
    eq(licenses.status, 'active'),
    between(licenses.expiresOn, day, addDays(day, EXPIRING_WITHIN_DAYS)),
  );
  const [items, counted] = await Promise.all([
    db
      .select({
        id: licenses.id,
        customerId: licenses.companyId,
        customerName: companies.name,
        productName: products.name,
        versionType: licenses.versionType,
        units: licenses.units,
        expiresOn: licenses.expiresOn,
        autoRenew: licenses.autoRenew,
      })
      .from(licenses)
      .innerJoin(companies, eq(companies.id, licenses.companyId))
      .innerJoin(products, eq(products.id, licenses.productId))
      .where(where)
      .orderBy(asc(licenses.expiresOn), asc(licenses.id))
      .limit(limit),
    db.execute<{ n: number }>(
      sql`select count(*)::int as n from (select 1 from ${licenses} where ${where} limit ${EXPIRING_COUNT_CAP + 1}) capped`,
    ),
  ]);
  const n = counted[0]?.n ?? 0;
  return {
    items,
    total: Math.min(n, EXPIRING_COUNT_CAP),
    more: n > EXPIRING_COUNT_CAP,
    withinDays: EXPIRING_WITHIN_DAYS,
  };
}
