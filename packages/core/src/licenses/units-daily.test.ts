import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { TestDb } from '@keyway/db/testing';
import { createSeededDb } from '../testing/index.ts';

/*
 * The licenses triggers write license_units_daily and license_units_monthly rows in key order
 * (customer, product, unit type): two transactions changing licenses of the same customers then
 * queue on the first row they share instead of deadlocking. The order is observed with a row
 * trigger on both tables that logs each write as it is attempted.
 */

let t: TestDb;

beforeAll(async () => {
  t = await createSeededDb();
  await t.db.execute(sql`create table unit_writes (seq bigserial primary key, target text, customer_id uuid, product_id uuid, unit_type text)`);
  await t.db.execute(sql`
    create function log_unit_write() returns trigger language plpgsql as $$
    begin
      insert into unit_writes (target, customer_id, product_id, unit_type) values (tg_table_name, new.customer_id, new.product_id, new.unit_type);
      return new;
    end $$`);
  for (const table of ['license_units_daily', 'license_units_monthly']) {
    await t.db.execute(sql`create trigger log_unit_write before insert on ${sql.identifier(table)} for each row execute function log_unit_write()`);
  }
}, 120_000);

afterAll(() => t?.drop());

/** The keys each table was written in, in the order of the writes and in key order. */
async function orders() {
  return t.db.execute<{ target: string; written: string[]; sorted: string[] }>(sql`
    select target,
      array_agg(customer_id || '/' || product_id || '/' || unit_type order by seq) as written,
      array_agg(customer_id || '/' || product_id || '/' || unit_type order by customer_id, product_id, unit_type) as sorted
    from unit_writes group by target order by target`);
}

describe('license units written by the licenses triggers', () => {
  it('are written in key order when one statement inserts licenses of many customers', async () => {
    await t.db.execute(sql`truncate unit_writes`);
    // Every live full license again for each other customer of its managing company.
    await t.db.execute(sql`
      insert into licenses (company_id, channel_id, partner_id, customer_id, managing_company_id, plan_id, product_id, unit_type,
        version_type, status, units, starts_on, expires_on, charge_starts_on, data_center_id)
      select c.id, c.channel_id, c.partner_id, c.customer_id, l.managing_company_id, l.plan_id, l.product_id, l.unit_type,
        l.version_type, l.status, 1, l.starts_on, l.expires_on, l.charge_starts_on, l.data_center_id
      from licenses l
      join companies c on c.kind = 'customer' and c.parent_id = l.managing_company_id and c.id <> l.company_id
      where l.version_type = 'full' and l.status in ('active', 'grace')`);
    const written = await orders();
    expect(written.map((w) => w.target)).toEqual(['license_units_daily', 'license_units_monthly']);
    for (const w of written) {
      expect(w.written.length).toBeGreaterThanOrEqual(10);
      expect(w.written).toEqual(w.sorted);
    }
  });

  it('are written in key order when one statement changes the licenses of many customers', async () => {
    const [live] = await t.db.execute<{ keys: number }>(sql`
      select count(distinct (company_id, product_id, unit_type))::int as keys from licenses
      where version_type = 'full' and status in ('active', 'grace')`);
    expect(live!.keys).toBeGreaterThanOrEqual(10);

    await t.db.execute(sql`truncate unit_writes`);
    await t.db.execute(sql`update licenses set units = units + 1 where version_type = 'full' and status in ('active', 'grace')`);
    const written = await orders();
    expect(written.map((w) => w.target)).toEqual(['license_units_daily', 'license_units_monthly']);
    for (const w of written) {
      expect(w.written).toHaveLength(live!.keys);
      expect(w.written).toEqual(w.sorted);
    }
  });

});
