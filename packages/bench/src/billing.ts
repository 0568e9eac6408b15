import { availableParallelism } from 'node:os';
import { and, eq, sql } from 'drizzle-orm';
import { createBillingReports } from '@keyway/core/billing-reports';
import { seedDemoData, seedPriceList } from '@keyway/core/seed';
import { cycleStart, previousCycle } from '@keyway/core/usage-reports';
import { closeDb, companies, createDb, migrateDb, type Db } from '@keyway/db';
import { withDatabase } from '@keyway/db/testing';
import { dropDatabase, recreateDatabase, type BenchServer } from './server.ts';
import { fmt, formatTable, loadAverage } from './stats.ts';

/** A fresh database for every run; dropped at the end. */
export const BILLING_DATABASE = 'keyway_bench_billing';

export interface BillingBenchOptions {
  /** Approved usage reports (MSPs) the run bills. */
  reports: number;
  /** Lines per report (customers × the two products). */
  lines: number;
}

/**
 * `npm run bench -- --only billing`: `billing.run`'s drafting (createBillingReports: the bills,
 * every line priced with the list in effect on the cycle's last day, the totals, the events and
 * the audit entries, one transaction of set-based statements) over `reports` approved usage
 * reports of `lines` lines each, then the same run again, which must draft nothing and take a
 * small part of the first. The mails that follow a run are chunked on their own and not timed.
 */
export async function runBillingBenchmark(server: BenchServer, options: BillingBenchOptions): Promise<void> {
  const url = withDatabase(server.adminUrl, BILLING_DATABASE);
  console.log(`\nBilling run benchmark — ${new Date().toISOString().slice(0, 10)}`);
  await recreateDatabase(server.adminUrl, BILLING_DATABASE);
  const db = createDb(url, { max: 4 });
  try {
    await migrateDb(db);
    await seedDemoData(db);
    await seedPriceList(db);
    const cycle = previousCycle();
    const started = performance.now();
    await approvedReports(db, cycle, options);
    console.log(
      `  fresh database ${BILLING_DATABASE} on ${server.description.replace(/^database \S+ on /, '')}; ${availableParallelism()} CPUs, load ${loadAverage()}\n` +
        `  ${fmt(options.reports)} approved usage reports of ${cycle} × ${fmt(options.lines)} lines, written in ${((performance.now() - started) / 1000).toFixed(0)} s (not timed)`,
    );

    const first = await createBillingReports(db, { cycle });
    const again = await createBillingReports(db, { cycle });
    const [check] = await db.execute<{ bills: number; lines: number; mismatched: number }>(sql`
      select (select count(*)::int from billing_reports where cycle = ${cycleStart(cycle)}::date) as bills,
        (select count(*)::int from billing_report_lines) as lines,
        (select count(*)::int from billing_reports b
          where b.total_minor <> (select coalesce(sum(amount_minor), 0) from billing_report_lines l where l.report_id = b.id)) as mismatched`);
    const share = first.ms === 0 ? 0 : (again.ms / first.ms) * 100;
    console.log(
      '\n' +
        formatTable(
          [
            { title: `Billing ${cycle}` },
            { title: 'bills', right: true },
            { title: 'lines', right: true },
            { title: 's', right: true },
            { title: 'lines/s', right: true },
          ],
          [
            ['createBillingReports: bills, priced lines, totals, events, audit', fmt(first.reports), fmt(first.lines), (first.ms / 1000).toFixed(2), fmt(Math.round(first.lines / (first.ms / 1000)))],
            [`The same again (drafts nothing): ${share.toFixed(1)} % of the first`, fmt(again.reports), fmt(again.lines), (again.ms / 1000).toFixed(2), ''],
          ],
          false,
        ),
    );
    const expected = options.reports * options.lines;
    const ok = check!.bills === options.reports && check!.lines === expected && check!.mismatched === 0 && again.reports === 0;
    console.log(
      `\n  check: ${fmt(check!.bills)} bills with ${fmt(check!.lines)} lines (${fmt(expected)} expected), ${fmt(check!.mismatched)} totals ≠ Σ lines, ` +
        `the second run drafted ${fmt(again.reports)} — ${ok ? 'exact' : 'WRONG'}; goals ≥ 50,000 lines/s and the second run ≤ 5 % of the first`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await closeDb(db);
    await dropDatabase(server.adminUrl, BILLING_DATABASE);
  }
}

/**
 * `reports` MSPs under Contoso (billed in EUR), each with an approved usage report of `cycle`
 * whose lines are customers × Endpoint Protection and Cloud Email Security, written set-based.
 */
async function approvedReports(db: Db, cycle: string, options: BillingBenchOptions): Promise<void> {
  const customers = Math.ceil(options.lines / 2);
  const [tier1] = await db.select().from(companies).where(and(eq(companies.kind, 'tier1'), eq(companies.accountName, 'contoso-networks')));
  await db.execute(sql`
    insert into companies (id, kind, type, parent_id, channel_id, partner_id, name, account_name, status)
    select id, 'tier2', 'msp', ${tier1!.id}, ${tier1!.id}, id, 'Bench MSP ' || n, 'bench-msp-' || n, 'active'
    from (select gen_random_uuid() as id, n from generate_series(1, ${options.reports}) as n) as fresh`);
  await db.execute(sql`
    insert into companies (id, kind, parent_id, channel_id, partner_id, customer_id, name, account_name, status)
    select fresh.id, 'customer', fresh.msp_id, fresh.channel_id, fresh.msp_id, fresh.id, fresh.name || ' customer ' || fresh.n,
      fresh.account_name || '-customer-' || fresh.n, 'enabled'
    from (
      select gen_random_uuid() as id, m.id as msp_id, m.channel_id, m.name, m.account_name, n
      from companies m cross join generate_series(1, ${customers}) as n
      where m.account_name like 'bench-msp-%'
    ) as fresh`);
  await db.execute(sql`
    insert into usage_reports (company_id, channel_id, partner_id, cycle, status, due_on, submission, submitted_at, reviewed_at)
    select id, channel_id, id, ${cycleStart(cycle)}::date, 'approved', ${cycleStart(cycle)}::date + 40, 'manual', now(), now()
    from companies where account_name like 'bench-msp-%' and kind = 'tier2'`);
  await db.execute(sql`
    insert into usage_report_lines (report_id, channel_id, partner_id, company_id, product_id, unit_type, provisioned, used, chargeable)
    select r.id, r.channel_id, r.partner_id, c.id, p.id, p.unit_types[1], 25 + n % 17, 20, 23 + n % 13
    from usage_reports r
    join companies c on c.partner_id = r.company_id and c.kind = 'customer'
    cross join (select * from products where code in ('EP', 'CE')) p
    cross join lateral (select ('x' || substr(md5(c.id::text || p.code), 1, 6))::bit(24)::int as n) h
    where r.cycle = ${cycleStart(cycle)}::date
    order by r.id`);
  await db.execute(sql`vacuum analyze companies, usage_reports, usage_report_lines`);
}
