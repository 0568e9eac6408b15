import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { companies, emailMessages, licenses, products, servicePlans, usageReportEvents, usageReportLines, usageReports, type Company } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { createCustomer, assignLicenses, discontinueLicense, updateLicense } from '../customers/index.ts';
import { addDays, today } from '../dates.ts';
import { createJobQueue, type JobQueue } from '../jobs/index.ts';
import { addUnits } from '../license-pool/index.ts';
import { licenseUnitsMonthlyFrom, snapshotLicenseUnits } from '../licenses/index.ts';
import { demoApiKey } from '../seed/index.ts';
import type { Actor } from '../tenancy/index.ts';
import { actorFor, companyByAccount, createSeededDb } from '../testing/index.ts';
import { reportUsage } from '../usage/index.ts';
import { cycleEnd, cycleOf, cycleStart } from './cycles.ts';
import { cycleFigures } from './figures.ts';
import { createUsageReports, mailReadyReports, prepareUsageReports } from './prepare.ts';

/*
 * The figures of a cycle, from real license changes (the trigger on licenses records them) and
 * real ingest. The cycle is the current month: the trigger records the day a change happens on;
 * earlier days of the cycle get their rows from `snapshotLicenseUnits`, as licenses.daily writes them.
 */

let t: TestDb;
let jobs: JobQueue;
const cycle = cycleOf(today());
const context = { origin: 'http://console.test' };
let bluefin: Company;
let northwind: Company;
let ids: { clinic: string; direct: string; resold: string; ce: string; ss: string };

async function newCustomer(actor: Actor, accountName: string): Promise<string> {
  await createCustomer(
    t.db,
    jobs,
    actor,
    {
      profile: { name: `Usage ${accountName}`, accountName, contactEmail: `contact@${accountName}.example`, country: 'US', timeZone: 'America/New_York', language: 'en' },
      admin: { name: 'Usage Admin', email: `admin@${accountName}.example` },
    },
    context,
  );
  const [row] = await t.db.select({ id: companies.id }).from(companies).where(eq(companies.accountName, accountName));
  return row!.id;
}

/** A plan of `owner` for a product, with units in its pool to assign. */
async function planOf(owner: Company, productId: string, versionType: 'full' | 'trial', unitType: string): Promise<string> {
  const [plan] = await t.db
    .insert(servicePlans)
    .values({
      companyId: owner.id,
      channelId: owner.channelId,
      partnerId: owner.partnerId,
      customerId: owner.customerId,
      name: `Usage ${versionType} ${unitType} ${owner.accountName}`,
      productId,
      versionType,
      unitType,
      initialPeriodMonths: versionType === 'trial' ? 1 : 12,
      renewalPeriodMonths: 12,
    })
    .returning();
  await t.db.transaction((tx) => addUnits(tx, { companyId: owner.id, productId }, { kind: 'vendor-issue', versionType, units: 1000, actorUserId: null }));
  return plan!.id;
}

async function assign(actor: Actor, customerId: string, planId: string, units: number): Promise<string> {
  await assignLicenses(t.db, jobs, actor, { customerId, plans: [{ planId, units, startsOn: today() }] }, context);
  const [license] = await t.db
    .select({ id: licenses.id })
    .from(licenses)
    .where(and(eq(licenses.companyId, customerId), eq(licenses.planId, planId)));
  return license!.id;
}

async function figures() {
  const rows = await t.db.execute<{ customer_id: string; product_id: string; provisioned: number; used: number; report_company_id: string }>(
    sql`select customer_id, product_id, provisioned, used, report_company_id from (${cycleFigures(cycle)}) f order by customer_id, product_id`,
  );
  return rows.filter((r) => Object.values(ids).includes(r.customer_id));
}

beforeAll(async () => {
  t = await createSeededDb();
  jobs = createJobQueue(t.url);
  bluefin = await companyByAccount(t.db, 'bluefin-it');
  northwind = await companyByAccount(t.db, 'northwind-distribution');
  const harbor = await companyByAccount(t.db, 'harbor-resellers');
  const [ce] = await t.db.select().from(products).where(eq(products.code, 'CE'));
  const [ss] = await t.db.select().from(products).where(eq(products.code, 'SS'));
  expect([ce!.reportsUsage, ss!.reportsUsage]).toEqual([true, false]);

  const asBluefin = await actorFor(t.db, 'admin@bluefin-it.example');
  const asNorthwind = await actorFor(t.db, 'admin@northwind-distribution.example');
  const asHarbor = await actorFor(t.db, 'admin@harbor-resellers.example');
  ids = {
    clinic: await newCustomer(asBluefin, 'usage-clinic'),
    direct: await newCustomer(asNorthwind, 'usage-direct'),
    resold: await newCustomer(asHarbor, 'usage-resold'),
    ce: ce!.id,
    ss: ss!.id,
  };

  const ceFull = await planOf(bluefin, ce!.id, 'full', 'mailbox');
  const ceTrial = await planOf(bluefin, ce!.id, 'trial', 'mailbox');
  const ssFull = await planOf(bluefin, ss!.id, 'full', 'server');

  // 10 mailboxes from the start of the cycle (the day's row as licenses.daily writes it) …
  const mailboxes = await assign(asBluefin, ids.clinic, ceFull, 10);
  await snapshotLicenseUnits(t.db, cycleStart(cycle));
  // … raised to 25 and lowered to 12 again: the peak counts.
  await updateLicense(t.db, jobs, asBluefin, { id: mailboxes, units: 25 }, context);
  await updateLicense(t.db, jobs, asBluefin, { id: mailboxes, units: 12 }, context);
  // Servers held for part of the cycle, then discontinued: they count for the cycle.
  const servers = await assign(asBluefin, ids.clinic, ssFull, 4);
  await discontinueLicense(t.db, jobs, asBluefin, { id: servers }, context);
  // A trial never counts.
  await assign(asBluefin, ids.clinic, ceTrial, 50);

  await assign(asNorthwind, ids.direct, await planOf(northwind, ce!.id, 'full', 'mailbox'), 3);
  await assign(asHarbor, ids.resold, await planOf(harbor, ce!.id, 'full', 'mailbox'), 2);
});
afterAll(async () => {
  await jobs?.stop();
  await t?.drop();
});

describe('the figures of a cycle', () => {
  it('provisioned is the peak of live full units over the cycle: a raise lowered again and a license discontinued mid-cycle count, trials never', async () => {
    expect(await figures()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ customer_id: ids.clinic, product_id: ids.ce, provisioned: 25, report_company_id: bluefin.id }),
        expect.objectContaining({ customer_id: ids.clinic, product_id: ids.ss, provisioned: 4, report_company_id: bluefin.id }),
      ]),
    );
    // The trial's 50 units are nowhere.
    expect((await figures()).filter((f) => f.customer_id === ids.clinic)).toHaveLength(2);
  });

  it('used is the highest reported, the same when a batch is sent twice; provisioned for a product that reports none', async () => {
    const now = new Date();
    const batch = {
      records: [
        { customer: 'usage-clinic', product: 'CE', unitType: 'mailbox', used: 7, at: new Date(now.getTime() - 60_000).toISOString() },
        { customer: 'usage-clinic', product: 'CE', unitType: 'mailbox', used: 9, at: now.toISOString() },
      ],
    };
    const key = `Bearer ${demoApiKey('northwind-distribution')}`;
    expect(await reportUsage(t.db, key, async () => batch, now)).toEqual({ accepted: 2, rejected: [] });
    const once = await figures();
    expect(await reportUsage(t.db, key, async () => batch, now)).toEqual({ accepted: 2, rejected: [] });
    expect(await figures()).toEqual(once);
    expect(once).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ customer_id: ids.clinic, product_id: ids.ce, provisioned: 25, used: 9 }),
        // Cloud Email reports usage but nothing came for these customers: 0 used.
        expect.objectContaining({ customer_id: ids.direct, product_id: ids.ce, provisioned: 3, used: 0 }),
        // Server Security reports no usage: used is provisioned.
        expect.objectContaining({ customer_id: ids.clinic, product_id: ids.ss, provisioned: 4, used: 4 }),
      ]),
    );
  });

  it('puts customers directly under a tier-1 and a reseller’s customers in the tier-1’s own report', async () => {
    const rows = await figures();
    expect(rows.filter((r) => r.customer_id === ids.direct || r.customer_id === ids.resold).map((r) => [r.provisioned, r.report_company_id])).toEqual(
      expect.arrayContaining([
        [3, northwind.id],
        [2, northwind.id],
      ]),
    );
  });
});

describe('usage-reports.prepare', () => {
  it('creates one report per reporting company with its lines, events and mails; a second run creates nothing', async () => {
    const first = await prepareUsageReports(t.db, jobs, { cycle, origin: 'http://console.test' });
    expect(first.reports).toBe(4);
    const [report] = await t.db.select().from(usageReports).where(and(eq(usageReports.companyId, bluefin.id), eq(usageReports.cycle, cycleStart(cycle))));
    expect(report).toMatchObject({ status: 'preparing', dueOn: addDays(cycleEnd(cycle), 5), channelId: northwind.id, partnerId: bluefin.id });
    const lines = await t.db.select().from(usageReportLines).where(eq(usageReportLines.reportId, report!.id));
    expect(lines.find((l) => l.companyId === ids.clinic && l.productId === ids.ce)).toMatchObject({
      provisioned: 25,
      used: 9,
      chargeable: 25,
      comment: null,
      penalty: false,
      channelId: northwind.id,
      partnerId: bluefin.id,
    });
    const [own] = await t.db.select().from(usageReports).where(and(eq(usageReports.companyId, northwind.id), eq(usageReports.cycle, cycleStart(cycle))));
    const ownLines = await t.db.select().from(usageReportLines).where(eq(usageReportLines.reportId, own!.id));
    expect(ownLines.map((l) => l.companyId)).toEqual(expect.arrayContaining([ids.direct, ids.resold]));
    expect(ownLines.every((l) => l.partnerId === null)).toBe(true);

    const mails = await t.db
      .select()
      .from(emailMessages)
      .where(and(eq(emailMessages.event, 'usage-report-ready'), eq(emailMessages.companyId, bluefin.id)));
    expect(mails.map((m) => m.recipientEmail).sort()).toEqual(['admin@bluefin-it.example', 'billing-manager@bluefin-it.example']);
    expect(mails[0]!.html).toContain(`http://console.test/reports/usage/${report!.id}`);

    const counts = async () =>
      (
        await t.db.execute<{ reports: number; lines: number; events: number; mails: number }>(sql`select
          (select count(*)::int from usage_reports) as reports, (select count(*)::int from usage_report_lines) as lines,
          (select count(*)::int from usage_report_events) as events,
          (select count(*)::int from email_messages where event = 'usage-report-ready') as mails`)
      )[0];
    const before = await counts();
    expect(before).toMatchObject({ reports: 4, lines: first.lines, events: 4, mails: first.mails });
    expect(await prepareUsageReports(t.db, jobs, { cycle })).toMatchObject({ reports: 0, lines: 0, mails: 0 });
    expect(await counts()).toEqual(before);
    const prepared = await t.db.select().from(usageReportEvents).where(eq(usageReportEvents.reportId, report!.id));
    expect(prepared.map((e) => e.action)).toEqual(['prepared']);
  });

  it('mails, when run again, only the reports whose mails had not gone out', async () => {
    await t.db.update(usageReports).set({ readyMailedAt: null }).where(eq(usageReports.companyId, northwind.id));
    const admins = (await t.db.execute<{ n: number }>(sql`select count(*)::int as n from users where company_id = ${northwind.id} and role in ('admin', 'billing_manager') and status = 'active'`))[0]!.n;
    expect(await mailReadyReports(t.db, jobs, cycle, { chunk: 1 })).toBe(admins);
    expect(await mailReadyReports(t.db, jobs, cycle)).toBe(0);
  });

  it('creates, when run again after a company gained units in the cycle, only that company’s report', async () => {
    // A new MSP under Northwind with one customer, neither of which had a report.
    const [orphan] = await t.db.execute<{ id: string; channel_id: string; partner_id: string; product_id: string; unit_type: string }>(sql`
      with msp as (
        insert into companies (id, kind, type, parent_id, channel_id, partner_id, name, account_name, status)
        select id, 'tier2', 'msp', ${northwind.id}, ${northwind.id}, id, 'Late MSP', 'late-msp', 'active'
        from (select gen_random_uuid() as id) fresh
        returning id
      ), customer as (
        insert into companies (id, kind, parent_id, channel_id, partner_id, customer_id, name, account_name, status)
        select fresh.id, 'customer', msp.id, ${northwind.id}, msp.id, fresh.id, 'Late customer', 'late-customer', 'enabled'
        from msp, (select gen_random_uuid() as id) fresh
        returning id, channel_id, partner_id
      )
      select customer.id, customer.channel_id, customer.partner_id, ${ids.ce}::uuid as product_id,
        (select unit_types[1] from products where id = ${ids.ce}) as unit_type
      from customer`);
    // Its units on the cycle's first day, as licenses.daily writes them (the day's row and the month's).
    await t.db.execute(sql`
      with written as (
        insert into license_units_daily (customer_id, channel_id, partner_id, product_id, unit_type, day, units)
        values (${orphan!.id}, ${orphan!.channel_id}, ${orphan!.partner_id}, ${orphan!.product_id}, ${orphan!.unit_type}, ${cycleStart(cycle)}::date, 3)
        returning customer_id, channel_id, partner_id, product_id, unit_type, day, units
      )
      ${licenseUnitsMonthlyFrom(sql`written`)}`);
    const reports = await t.db.select({ id: usageReports.id }).from(usageReports).where(eq(usageReports.cycle, cycleStart(cycle)));
    expect(await createUsageReports(t.db, cycle)).toMatchObject({ reports: 1, lines: 1 });
    expect(await t.db.select({ id: usageReports.id }).from(usageReports).where(eq(usageReports.cycle, cycleStart(cycle)))).toHaveLength(reports.length + 1);
    expect(await createUsageReports(t.db, cycle)).toMatchObject({ reports: 0, lines: 0 });
  });

  it('keeps a line’s report, customer and product existing and fixed, as foreign keys would', async () => {
    const [line] = await t.db.select().from(usageReportLines).limit(1);
    const codeOf = (run: Promise<unknown>) => run.then(() => 'written', (error: { cause?: { code?: string } }) => error.cause?.code);
    const copy = (changes: Partial<typeof line>) =>
      t.db.insert(usageReportLines).values({ ...line!, id: undefined, unitType: `${line!.unitType}-copy`, ...changes });
    const nowhere = '00000000-0000-4000-8000-000000000000';
    expect(await codeOf(copy({ reportId: nowhere }))).toBe('23503');
    expect(await codeOf(copy({ companyId: nowhere }))).toBe('23503');
    expect(await codeOf(copy({ productId: nowhere }))).toBe('23503');
    expect(await codeOf(t.db.update(usageReportLines).set({ companyId: ids.direct === line!.companyId ? ids.resold : ids.direct }).where(eq(usageReportLines.id, line!.id)))).toBe('23503');
    expect(await codeOf(t.db.delete(usageReports).where(eq(usageReports.id, line!.reportId)))).toBe('23503');
    expect(await t.db.select().from(usageReportLines).where(eq(usageReportLines.id, line!.id))).toEqual([line]);
    // What is left is written: a line of an existing report, customer and product.
    expect(await codeOf(copy({}))).toBe('written');
  });

  it('writes the day’s units of every live full license once, keeping the peak', async () => {
    const day = addDays(cycleStart(cycle), -40);
    const written = await snapshotLicenseUnits(t.db, day);
    expect(written).toBeGreaterThan(0);
    expect(await snapshotLicenseUnits(t.db, day)).toBe(0);
  });
});
