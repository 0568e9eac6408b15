import { availableParallelism } from 'node:os';
import { sql } from 'drizzle-orm';
import type { JobQueue } from '@keyway/core/jobs';
import { runLicensesDaily, type LicensesDailyResult } from '@keyway/core/licenses';
import { today } from '@keyway/core/dates';
import { seedDemoData } from '@keyway/core/seed';
import { closeDb, createDb, migrateDb, type Db } from '@keyway/db';
import { withDatabase } from '@keyway/db/testing';
import { dropDatabase, recreateDatabase, type BenchServer } from './server.ts';
import { fmt, formatTable, loadAverage, ratio, timed } from './stats.ts';

/** A fresh database for every run; dropped at the end. */
export const DAILY_DATABASE = 'keyway_bench_daily';

export interface DailyBenchOptions {
  /** Licenses generated. */
  licenses: number;
}

/** Auto-refill thresholds stay 0 and every mail is due in the future, so the run queues no job. */
const noJobs: JobQueue = {
  send: () => Promise.reject(new Error('The licenses.daily benchmark queues no jobs.')),
  sendMany: () => Promise.reject(new Error('The licenses.daily benchmark queues no jobs.')),
  stop: () => Promise.resolve(),
};

/**
 * `npm run bench -- --only daily`: `licenses.daily` for today over `licenses` licenses in the
 * state yesterday's run left them (generated with one INSERT … SELECT generate_series), then the
 * same day again, which must change nothing. Per hundred licenses: 80 full and active, expiring
 * evenly over the next year (3 in 10 auto-renew), 10 in grace ending evenly over 30 days, 5 trials
 * expiring evenly over 30 days, 4 expired with their units back, 1 discontinued (one in fifty of
 * those still holding units). So a day renews, moves to grace and expires about 1/365, 1/30 and
 * 1/30 of those, and returns the units of what ended.
 */
export async function runDailyBenchmark(server: BenchServer, options: DailyBenchOptions): Promise<void> {
  const url = withDatabase(server.adminUrl, DAILY_DATABASE);
  console.log(`\nlicenses.daily benchmark — ${new Date().toISOString().slice(0, 10)}`);
  await recreateDatabase(server.adminUrl, DAILY_DATABASE);
  const db = createDb(url, { max: 4 });
  try {
    await migrateDb(db);
    await seedDemoData(db);
    const day = today();
    const started = performance.now();
    await generate(db, options.licenses, day);
    const generatedIn = (performance.now() - started) / 1000;
    console.log(
      `  fresh database ${DAILY_DATABASE} on ${server.description.replace(/^database \S+ on /, '')}; ${fmt(options.licenses)} licenses ` +
        `generated in ${generatedIn.toFixed(1)} s; ${availableParallelism()} CPUs, load ${loadAverage()}`,
    );

    const first = await timed(() => runLicensesDaily(db, noJobs, day));
    const second = await timed(() => runLicensesDaily(db, noJobs, day));
    const changed = (r: LicensesDailyResult) => r.renewed + r.toGrace + r.expired + r.unitsReturned;
    const row = (label: string, run: { seconds: number; result: LicensesDailyResult }) => [
      label,
      run.seconds.toFixed(2),
      fmt(Math.round(options.licenses / run.seconds)),
      fmt(run.result.renewed),
      fmt(run.result.toGrace),
      fmt(run.result.expired),
      fmt(run.result.unitsReturned),
      fmt(Math.round(changed(run.result) / run.seconds)),
    ];
    console.log(
      '\n' +
        formatTable(
          [
            { title: `licenses.daily ${day}` },
            { title: 's', right: true },
            { title: 'licenses/s', right: true },
            { title: 'renewed', right: true },
            { title: 'to grace', right: true },
            { title: 'expired', right: true },
            { title: 'units back', right: true },
            { title: 'changes/s', right: true },
          ],
          [
            row('First run of the day', first),
            row('Second run, same day (no-op)', second),
            ['Ratio (first ÷ second)', ratio(first.seconds / second.seconds), '', '', '', '', '', ''],
          ],
        ),
    );
    const ok = changed(second.result) === 0 && changed(first.result) > 0;
    console.log(`\n  check: the second run changed ${fmt(changed(second.result))} licenses — ${ok ? 'idempotent' : 'NOT IDEMPOTENT'}`);
    if (!ok) process.exitCode = 1;
  } finally {
    await closeDb(db);
    await dropDatabase(server.adminUrl, DAILY_DATABASE);
  }
}

async function generate(db: Db, count: number, day: string): Promise<void> {
  // The demo licenses out of the way: the run sees only the generated ones.
  await db.execute(sql`truncate customer_transactions, licenses cascade`);
  // Three Cloud Email Security plans for every company that manages customers, and pools deep
  // enough for every renewal.
  await db.execute(sql`
    insert into service_plans (company_id, channel_id, partner_id, customer_id, name, product_id, version_type,
      unit_type, initial_period_months, auto_renew, renewal_period_months, expiration_notice_days)
    select m.id, m.channel_id, m.partner_id, m.customer_id, 'Bench ' || v.name, p.id, v.version_type::version_type,
      'mailbox', v.months, v.auto_renew, 12, 30
    from (select distinct parent_id as id from companies where kind = 'customer') managers
    join companies m on m.id = managers.id
    cross join (select id from products where code = 'CE') p
    cross join (values ('full', 'full', 12, false), ('full auto-renew', 'full', 12, true), ('trial', 'trial', 1, false))
      as v(name, version_type, months, auto_renew)`);
  await db.execute(sql`
    insert into license_pools (company_id, channel_id, partner_id, customer_id, product_id, full_total, trial_total)
    select m.id, m.channel_id, m.partner_id, m.customer_id, p.id, 100000000, 100000000
    from (select distinct parent_id as id from companies where kind = 'customer') managers
    join companies m on m.id = managers.id
    cross join (select id from products where code = 'CE') p
    on conflict (company_id, product_id) do update set full_total = 100000000, trial_total = 100000000,
      full_assigned = 0, trial_assigned = 0, auto_refill_threshold = 0, disabled_at = null`);
  await db.execute(sql`
    with customers as (
      select id, channel_id, partner_id, customer_id, parent_id, (row_number() over (order by id) - 1)::int as n
      from companies where kind = 'customer'
    ), n as (select count(*)::int as c from customers),
    rows as (
      select g.i, g.i % 100 as bucket, (g.i / 100) as k, c.*
      from generate_series(0, ${count - 1}) g(i)
      join customers c on c.n = g.i % (select c from n)
    ), shaped as (
      select r.*,
        case when bucket < 80 then case when i % 10 < 3 then 'Bench full auto-renew' else 'Bench full' end
             when bucket between 90 and 94 then 'Bench trial' else 'Bench full' end as plan_name,
        case when bucket < 80 then 'active' when bucket < 90 then 'grace' when bucket < 95 then 'active'
             when bucket < 99 then 'expired' else 'discontinued' end as status,
        case when bucket < 80 then ${day}::date + (k % 365)::int - 1
             when bucket < 90 then ${day}::date - 2 - (k % 30)::int
             when bucket < 95 then ${day}::date + (k % 30)::int - 1
             else ${day}::date - 30 - (k % 300)::int end as expires_on
      from rows r
    )
    insert into licenses (company_id, channel_id, partner_id, customer_id, managing_company_id, plan_id, product_id,
      version_type, unit_type, units, status, starts_on, expires_on, grace_ends_on, auto_renew, renewal_period_months,
      expiration_notice_days, charge_starts_on, units_returned_at, discontinued_at)
    select s.id, s.channel_id, s.partner_id, s.customer_id, s.parent_id, sp.id, sp.product_id,
      sp.version_type, 'mailbox', 1 + s.i % 7, s.status::license_status, s.expires_on - 365, s.expires_on,
      case when s.status = 'grace' then s.expires_on + 30 end, sp.auto_renew, 12, 30, s.expires_on - 365,
      case when s.status = 'expired' or (s.status = 'discontinued' and s.k % 50 <> 0) then now() end,
      case when s.status = 'discontinued' then now() end
    from shaped s
    join service_plans sp on sp.company_id = s.parent_id and sp.name = s.plan_name`);
  // Vacuumed as autovacuum leaves a table that has been there a day: the licenses update trigger's
  // sums read the index of live full units alone only where the visibility map is set.
  await db.execute(sql`vacuum analyze licenses`);
}
