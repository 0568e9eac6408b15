import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { billingReportEvents, billingReports, companies, promoCodes } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { installJobs, withJobQueue } from '../jobs/index.ts';
import { createSeededDb } from '../testing/index.ts';
import { cycleStart, previousCycle, shiftCycle } from '../usage-reports/index.ts';
import { seedBillingReports } from './billing.ts';
import { seedUsageReports } from './usage-reports.ts';

describe('seedBillingReports', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createSeededDb();
    await installJobs(t.url);
    await withJobQueue(t.url, (jobs) => seedUsageReports(t.db, jobs));
  });
  afterAll(async () => t?.drop());

  const bills = () =>
    t.db
      .select({ company: companies.accountName, status: billingReports.status, currency: billingReports.currency, total: billingReports.totalMinor })
      .from(billingReports)
      .innerJoin(companies, eq(companies.id, billingReports.companyId))
      .orderBy(asc(companies.accountName));

  it('bills the cycle before last in every status, in USD and EUR, with a valid and an expired promo code, once', async () => {
    await withJobQueue(t.url, (jobs) => seedBillingReports(t.db, jobs));
    const seeded = await bills();
    expect(seeded.map(({ total: _total, ...bill }) => bill)).toEqual([
      { company: 'bluefin-it', status: 'submitted_to_vendor', currency: 'USD' },
      { company: 'contoso-networks', status: 'returned_by_vendor', currency: 'EUR' },
      { company: 'northwind-distribution', status: 'draft', currency: 'USD' },
      { company: 'summit-msp', status: 'completed', currency: 'EUR' },
    ]);
    expect(seeded.every((bill) => bill.total > 0n)).toBe(true);
    const [cycles] = await t.db.execute<{ cycles: string[] }>(sql`select array_agg(distinct to_char(cycle, 'YYYY-MM')) as cycles from billing_reports`);
    expect(cycles!.cycles).toEqual([shiftCycle(previousCycle(), -1)]);
    const [currencies] = await t.db.execute<{ currencies: string[] }>(sql`select array_agg(distinct currency order by currency) as currencies from unit_prices`);
    expect(currencies!.currencies).toEqual(['EUR', 'USD']);
    const codes = await t.db.select({ code: promoCodes.code, validUntil: promoCodes.validUntil }).from(promoCodes).orderBy(promoCodes.code);
    expect(codes.map((c) => c.code)).toEqual(['PARTNER-BOOST', 'SUMMER-DEAL']);
    const actions = await t.db.select({ action: billingReportEvents.action }).from(billingReportEvents);
    expect(new Set(actions.map((a) => a.action))).toEqual(
      new Set(['drafted', 'purchase_order_set', 'promo_code_applied', 'submitted', 'completed', 'returned']),
    );

    await withJobQueue(t.url, (jobs) => seedBillingReports(t.db, jobs));
    expect(await bills()).toEqual(seeded);
    const [priced] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from billing_reports where cycle = ${cycleStart(previousCycle())}::date`);
    expect(priced!.n).toBe(0);
  });
});
