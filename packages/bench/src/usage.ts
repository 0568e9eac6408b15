import type { ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { and, eq, sql } from 'drizzle-orm';
import { apiKeyFrom } from '@keyway/core/auth';
import { licenseUnitsMonthlyFrom } from '@keyway/core/licenses';
import { seedDemoData } from '@keyway/core/seed';
import { usageMonthlyFrom } from '@keyway/core/usage';
import { createUsageReports, cycleEnd, cycleStart, previousCycle } from '@keyway/core/usage-reports';
import { apiKeys, closeDb, companies, createDb, migrateDb, products, type Db } from '@keyway/db';
import { withDatabase } from '@keyway/db/testing';
import { builtConsoleMissing, dropDatabase, freePort, recreateDatabase, startConsole, stopConsole, type BenchServer } from './server.ts';
import { fmt, formatTable, loadAverage, ratio, timed } from './stats.ts';

/** A fresh database for every run; dropped at the end. */
export const USAGE_DATABASE = 'keyway_bench_usage';

/** The endpoint's own cap: a request carries at most this many records. */
const RECORDS_PER_REQUEST = 10_000;
/** The endpoint allows 60 requests a minute per key: the requests take turns over this many keys. */
const KEYS = 8;

export interface UsageBenchOptions {
  /** Usage records sent through the endpoint, and rows in the bare COPY. */
  records: number;
  /** MSPs (of 100 customers with 2 products each) whose reports the monthly preparation writes. */
  msps: number;
}

/**
 * `npm run bench -- --only usage`: `records` usage records sent to the real `POST /api/v1/usage`
 * of the built console, in requests of 10,000 with a tier-1's API keys, against a bare COPY of
 * the same rows into the same, empty `usage_daily`. Every record is its own customer × product ×
 * day, so both end with the same rows and the ratio compares like with like: what the endpoint
 * adds is authentication, JSON, checking every record, resolving customers and products, and the
 * upsert. Records name their customer by id, as a product back end that stored it would.
 */
export async function runUsageBenchmark(server: BenchServer, options: UsageBenchOptions): Promise<void> {
  if (builtConsoleMissing('usage')) return;
  const url = withDatabase(server.adminUrl, USAGE_DATABASE);
  console.log(`\nUsage ingest benchmark — ${new Date().toISOString().slice(0, 10)}`);
  await recreateDatabase(server.adminUrl, USAGE_DATABASE);
  const db = createDb(url, { max: 4 });
  let app: ChildProcess | null = null;
  try {
    await migrateDb(db);
    await seedDemoData(db);
    const setup = await prepare(db, options.records);
    console.log(
      `  fresh database ${USAGE_DATABASE} on ${server.description.replace(/^database \S+ on /, '')}; ` +
        `${availableParallelism()} CPUs, load ${loadAverage()}`,
    );
    console.log(
      `  ${fmt(setup.customers.length)} customers of ${setup.tier1Name} × ${setup.products.length} products × ${setup.days.length} days ` +
        `= ${fmt(setup.records.length)} records, one per customer × product × day`,
    );

    // The bare COPY of the same rows into the empty table (the demo's own usage goes first), after
    // an untimed one, as the endpoint gets an untimed first request: both are measured warm.
    await db.execute(sql`truncate usage_daily`);
    await copyRows(db, setup.records);
    await db.execute(sql`truncate usage_daily`);
    const copySeconds = (await timed(() => copyRows(db, setup.records))).seconds;
    const [copied] = await db.execute<{ n: number }>(sql`select count(*)::int as n from usage_daily`);
    await db.execute(sql`truncate usage_daily, usage_monthly`);
    await db.execute(sql`vacuum analyze usage_daily, usage_monthly`);

    const port = await freePort();
    app = await startConsole(url, port);
    const base = `http://127.0.0.1:${port}`;
    const bodies: string[] = [];
    for (let i = 0; i < setup.records.length; i += RECORDS_PER_REQUEST) {
      bodies.push(JSON.stringify({ records: setup.records.slice(i, i + RECORDS_PER_REQUEST).map(asRecord) }));
    }
    // One untimed request of records the table already holds after the run: warms the route.
    await send(base, setup.keys[0]!, bodies[0]!);
    await db.execute(sql`truncate usage_daily, usage_monthly`);
    let accepted = 0;
    let rejected = 0;
    const httpSeconds = (await timed(async () => {
      for (let i = 0; i < bodies.length; i++) {
        const answer = await send(base, setup.keys[i % setup.keys.length]!, bodies[i]!);
        accepted += answer.accepted;
        rejected += answer.rejected.length;
      }
    })).seconds;
    const [stored] = await db.execute<{ n: number }>(sql`select count(*)::int as n from usage_daily`);

    console.log(
      '\n' +
        formatTable(
          [
            { title: `Writing ${fmt(setup.records.length)} usage records` },
            { title: 's', right: true },
            { title: 'records/s', right: true },
          ],
          [
            ['Bare COPY of the same rows into usage_daily (one statement)', copySeconds.toFixed(1), fmt(Math.round(setup.records.length / copySeconds))],
            [
              `POST /api/v1/usage, ${fmt(bodies.length)} requests of ${fmt(RECORDS_PER_REQUEST)}, one after another`,
              httpSeconds.toFixed(1),
              fmt(Math.round(setup.records.length / httpSeconds)),
            ],
            ['Ratio (endpoint ÷ COPY; goal within 3×)', ratio(httpSeconds / copySeconds), ''],
          ],
        ),
    );
    const ok = copied!.n === setup.records.length && stored!.n === setup.records.length && accepted === setup.records.length && rejected === 0;
    console.log(
      `\n  check: COPY wrote ${fmt(copied!.n)} rows; the endpoint accepted ${fmt(accepted)} records, rejected ${fmt(rejected)}, ` +
        `and usage_daily holds ${fmt(stored!.n)} rows — ${ok ? 'exact' : 'WRONG'}`,
    );
    if (!ok) process.exitCode = 1;
    await stopConsole(app);
    app = null;
    await runPrepare(db, options.msps);
  } finally {
    await stopConsole(app);
    await closeDb(db);
    await dropDatabase(server.adminUrl, USAGE_DATABASE);
  }
}

const CUSTOMERS_PER_MSP = 100;

/**
 * `usage-reports.prepare`'s set-based part (createUsageReports: the figures, the reports, their
 * lines and `prepared` events) for the last cycle over `msps` MSPs of 100 customers, each with two
 * products held and reported on every day of the cycle (license_units_daily and usage_daily as
 * `licenses.daily` and the ingest leave them). The ready mails follow in chunks of their own and
 * are not timed (the bench MSPs have no users to mail).
 */
async function runPrepare(db: Db, msps: number): Promise<void> {
  const cycle = previousCycle();
  const [tier1] = await db.select().from(companies).where(and(eq(companies.kind, 'tier1'), eq(companies.accountName, 'contoso-networks')));
  await db.execute(sql`
    insert into companies (id, kind, type, parent_id, channel_id, partner_id, name, account_name, status)
    select id, 'tier2', 'msp', ${tier1!.id}, ${tier1!.id}, id, 'Bench MSP ' || n, 'bench-msp-' || n, 'active'
    from (select gen_random_uuid() as id, n from generate_series(1, ${msps}) as n) as fresh`);
  await db.execute(sql`
    insert into companies (id, kind, parent_id, channel_id, partner_id, customer_id, name, account_name, status)
    select fresh.id, 'customer', fresh.msp_id, fresh.channel_id, fresh.msp_id, fresh.id, fresh.name || ' customer ' || fresh.n,
      fresh.account_name || '-customer-' || fresh.n, 'enabled'
    from (
      select gen_random_uuid() as id, m.id as msp_id, m.channel_id, m.name, m.account_name, n
      from companies m cross join generate_series(1, ${CUSTOMERS_PER_MSP}) as n
      where m.account_name like 'bench-msp-%'
    ) as fresh`);
  // Counted before the rows that refer to them, so their foreign key checks look customers up by key.
  await db.execute(sql`analyze companies`);
  const started = performance.now();
  // Each day's rows and their month's, as the writers leave them (one statement each).
  await db.execute(sql`
    with written as (
      insert into license_units_daily (customer_id, channel_id, partner_id, product_id, unit_type, day, units)
      select c.id, c.channel_id, c.partner_id, p.id, p.unit_types[1], d::date, 20 + extract(day from d)::int % 7
      from companies c
      cross join (select * from products where code in ('EP', 'CE')) p
      cross join generate_series(${cycleStart(cycle)}::date, ${cycleEnd(cycle)}::date - 1, interval '1 day') d
      where c.account_name like 'bench-msp-%-customer-%'
      returning customer_id, channel_id, partner_id, product_id, unit_type, day, units
    )
    ${licenseUnitsMonthlyFrom(sql`written`)}`);
  await db.execute(sql`
    with written as (
      insert into usage_daily (customer_id, channel_id, partner_id, product_id, unit_type, day, max_used, last_at)
      select customer_id, channel_id, partner_id, product_id, unit_type, day, units - 5, day + interval '12 hours'
      from license_units_daily where partner_id in (select id from companies where account_name like 'bench-msp-%')
      returning customer_id, channel_id, partner_id, product_id, unit_type, day, max_used
    )
    ${usageMonthlyFrom(sql`written`)}`);
  await db.execute(sql`vacuum analyze companies, license_units_daily, usage_daily, license_units_monthly, usage_monthly`);
  const [{ rows } = { rows: 0 }] = await db.execute<{ rows: number }>(sql`select count(*)::int as rows from license_units_daily`);
  console.log(
    `\n  preparation: ${fmt(msps)} MSPs × ${CUSTOMERS_PER_MSP} customers × 2 products held and reported every day of ${cycle} ` +
      `(${fmt(rows)} daily unit rows and as many usage rows, written in ${((performance.now() - started) / 1000).toFixed(0)} s, not timed)`,
  );

  const first = await createUsageReports(db, cycle);
  const again = await createUsageReports(db, cycle);
  const [bench] = await db.execute<{ reports: number; lines: number }>(sql`
    select count(distinct r.id)::int as reports, count(l.id)::int as lines
    from usage_reports r join usage_report_lines l on l.report_id = r.id
    join companies m on m.id = r.company_id and m.account_name like 'bench-msp-%'`);
  console.log(
    '\n' +
      formatTable(
        [
          { title: `Preparing ${cycle}` },
          { title: 'reports', right: true },
          { title: 'lines', right: true },
          { title: 's', right: true },
          { title: 'lines/s', right: true },
        ],
        [
          ['createUsageReports: figures, reports, lines, events', fmt(first.reports), fmt(first.lines), (first.ms / 1000).toFixed(1), fmt(Math.round(first.lines / (first.ms / 1000)))],
          ['The same again (creates nothing)', fmt(again.reports), fmt(again.lines), (again.ms / 1000).toFixed(1), ''],
        ],
        false,
      ),
  );
  const expected = msps * CUSTOMERS_PER_MSP * 2;
  const ok = bench!.reports === msps && bench!.lines === expected && again.reports === 0;
  console.log(
    `\n  check: the bench MSPs have ${fmt(bench!.reports)} reports with ${fmt(bench!.lines)} lines (${fmt(expected)} expected); ` +
      `the second run created ${fmt(again.reports)} — ${ok ? 'exact' : 'WRONG'}; goal ≥ 50,000 lines/s`,
  );
  if (!ok) process.exitCode = 1;
}

interface Row {
  customerId: string;
  channelId: string;
  productId: string;
  productCode: string;
  unitType: string;
  day: string;
  used: number;
}

/**
 * Enough customers under the demo tier-1 Northwind Distribution for `records` (two products
 * that report usage, the days from 25 days ago to yesterday: always inside the current or the
 * previous cycle), and `KEYS` usage keys of Northwind.
 */
async function prepare(db: Db, records: number) {
  const [tier1] = await db.select().from(companies).where(and(eq(companies.kind, 'tier1'), eq(companies.accountName, 'northwind-distribution')));
  const reporting = (await db.select().from(products).where(eq(products.reportsUsage, true))).slice(0, 2);
  const days = Array.from({ length: 25 }, (_, i) => new Date(Date.now() - (i + 1) * 86_400_000).toISOString().slice(0, 10)).reverse();
  const perCustomer = reporting.length * days.length;
  const count = Math.ceil(records / perCustomer);
  const customers = await db.execute<{ id: string }>(sql`
    insert into companies (id, kind, parent_id, channel_id, customer_id, name, account_name, status)
    select id, 'customer', ${tier1!.id}, ${tier1!.id}, id, 'Usage Bench Customer ' || n, 'usage-bench-' || n, 'enabled'
    from (select gen_random_uuid() as id, n from generate_series(1, ${count}) as n) as fresh
    returning id`);
  await db.execute(sql`vacuum analyze companies`);

  const keys: string[] = [];
  for (let i = 0; i < KEYS; i++) {
    const prefix = `benchusag${i}`;
    const secret = `benchusagekeysecret${i}`.padEnd(52, '0');
    const made = apiKeyFrom(prefix, secret);
    await db.insert(apiKeys).values({
      companyId: tier1!.id,
      channelId: tier1!.id,
      name: `Usage bench ${i}`,
      prefix: made.prefix,
      secretHash: made.secretHash,
      scopes: ['usage:write'],
    });
    keys.push(made.key);
  }

  const rows: Row[] = [];
  for (const customer of customers) {
    for (const product of reporting) {
      for (const day of days) {
        if (rows.length === records) break;
        rows.push({ customerId: customer.id, channelId: tier1!.id, productId: product.id, productCode: product.code, unitType: product.unitTypes[0]!, day, used: 1 + (rows.length % 250) });
      }
    }
  }
  return { tier1Name: tier1!.name, customers, products: reporting, days, keys, records: rows };
}

const asRecord = (row: Row) => ({ customer: row.customerId, product: row.productCode, unitType: row.unitType, used: row.used, at: `${row.day}T12:00:00.000Z` });

async function copyRows(db: Db, rows: readonly Row[]): Promise<void> {
  const stream = await db.$client`copy usage_daily (customer_id, channel_id, product_id, unit_type, day, max_used, last_at) from stdin`.writable();
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  const chunk = 10_000;
  for (let i = 0; i < rows.length; i += chunk) {
    const text = rows
      .slice(i, i + chunk)
      .map((r) => `${r.customerId}\t${r.channelId}\t${r.productId}\t${r.unitType}\t${r.day}\t${r.used}\t${r.day} 12:00:00+00\n`)
      .join('');
    if (!stream.write(text)) await new Promise((resolve) => stream.once('drain', resolve));
  }
  stream.end();
  await done;
}

async function send(base: string, key: string, body: string): Promise<{ accepted: number; rejected: unknown[] }> {
  const response = await fetch(`${base}/api/v1/usage`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body,
  });
  if (!response.ok) throw new Error(`POST /api/v1/usage answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { accepted: number; rejected: unknown[] };
}

