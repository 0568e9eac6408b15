import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import type { TestDb } from '@keyway/db/testing';
import { addDays, today } from '../dates.ts';
import { snapshotLicenseUnits } from '../licenses/index.ts';
import { createSeededDb } from '../testing/index.ts';
import { ingestUsage, previousCycleStart } from '../usage/index.ts';

/*
 * license_units_monthly and usage_monthly are written by the statements that write the daily
 * rows (the licenses triggers, licenses.daily's snapshot, the ingest). Whatever the sequence of
 * license changes, snapshots and usage batches, each month's row must be the greatest of its
 * days' rows, and a month must have a row exactly when one of its days has.
 */

let t: TestDb;
let licenseIds: string[];
let customers: string[];
let usageProducts: { code: string; unitType: string }[];
const vendorKey = { tier: 'vendor' as const, company: { id: '', name: 'Vendor', channelId: null, partnerId: null, customerId: null } };

beforeAll(async () => {
  t = await createSeededDb();
  const live = await t.db.execute<{ id: string; company_id: string }>(sql`
    select id, company_id from licenses where version_type = 'full' and status = 'active' order by id limit 4`);
  licenseIds = live.map((l) => l.id);
  customers = [...new Set(live.map((l) => l.company_id))];
  const products = await t.db.execute<{ code: string; unit_type: string }>(sql`
    select code, unit_types[1] as unit_type from products where reports_usage order by code limit 2`);
  usageProducts = products.map((p) => ({ code: p.code, unitType: p.unit_type }));
}, 120_000);

afterAll(() => t?.drop());

/** Month rows that differ from the greatest of their days (either side missing counts). */
async function drift(daily: string, monthly: string, value: string) {
  return t.db.execute(sql`
    with days as (
      select customer_id, product_id, unit_type, date_trunc('month', day)::date as month, max(${sql.identifier(value)})::bigint as value
      from ${sql.identifier(daily)} group by 1, 2, 3, 4
    )
    select coalesce(d.customer_id, m.customer_id) as customer_id, coalesce(d.month, m.month) as month, d.value as days, m.${sql.identifier(value)} as month_row
    from days d
    full join ${sql.identifier(monthly)} m using (customer_id, product_id, unit_type, month)
    where d.value is distinct from m.${sql.identifier(value)}::bigint`);
}

const now = new Date();
const oldest = previousCycleStart(now);
const span = Math.floor((now.getTime() - oldest.getTime()) / 60_000);

describe('monthly maxima', () => {
  it('license_units_monthly is the greatest of its days after any license changes and snapshots', async () => {
    const change = fc.record({
      kind: fc.constant('change' as const),
      license: fc.nat({ max: licenseIds.length - 1 }),
      units: fc.integer({ min: 1, max: 80 }),
      status: fc.constantFrom('active', 'grace', 'suspended', 'expired'),
    });
    // Days of the month before last to the next one: snapshots land in several months.
    const snapshot = fc.record({ kind: fc.constant('snapshot' as const), offset: fc.integer({ min: -70, max: 30 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(change, snapshot), { minLength: 1, maxLength: 10 }), async (steps) => {
        await t.db.execute(sql`truncate license_units_daily, license_units_monthly`);
        for (const step of steps) {
          if (step.kind === 'change') {
            await t.db.execute(sql`update licenses set units = ${step.units}, status = ${step.status} where id = ${licenseIds[step.license]!}`);
          } else {
            await snapshotLicenseUnits(t.db, addDays(today(), step.offset));
          }
        }
        expect(await drift('license_units_daily', 'license_units_monthly', 'units')).toEqual([]);
      }),
      { numRuns: 40 },
    );
    // Not vacuous: the runs wrote months.
    const [{ n } = { n: 0 }] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from license_units_monthly`);
    expect(n).toBeGreaterThan(0);
  }, 120_000);

  it('usage_monthly is the greatest of its days after any usage batches', async () => {
    const record = fc.record({
      customer: fc.nat({ max: customers.length - 1 }),
      product: fc.nat({ max: usageProducts.length - 1 }),
      used: fc.integer({ min: 0, max: 500 }),
      // Any minute from the start of the previous cycle to now: two months' days.
      minute: fc.integer({ min: 0, max: span }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(record, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 6 }), async (batches) => {
        await t.db.execute(sql`truncate usage_daily, usage_monthly`);
        for (const batch of batches) {
          const records = batch.map((r) => ({
            customer: customers[r.customer]!,
            product: usageProducts[r.product]!.code,
            unitType: usageProducts[r.product]!.unitType,
            used: r.used,
            at: new Date(oldest.getTime() + r.minute * 60_000).toISOString(),
          }));
          const result = await ingestUsage(t.db, vendorKey, { records }, now);
          expect(result.rejected).toEqual([]);
        }
        expect(await drift('usage_daily', 'usage_monthly', 'max_used')).toEqual([]);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
