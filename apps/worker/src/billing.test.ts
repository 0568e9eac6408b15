import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, sql } from 'drizzle-orm';
import { billingReportLines, billingReports, companies, usageReportLines, usageReports, users } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import * as jobs from '@keyway/core/jobs';
import { lineAmountMinor } from '@keyway/core/price-lists';
import { setPurchaseOrder, submitBillingReport, type BillingRunResult } from '@keyway/core/billing-reports';
import { seedPriceList, seedUsageReports } from '@keyway/core/seed';
import { actorFor, companyByAccount, createSeededDb, waitForJob, waitForLockWaiters } from '@keyway/core/testing';
import { approveUsageReport, cycleStart, previousCycle, shiftCycle, submitUsageReport } from '@keyway/core/usage-reports';
import { startWorker, type Worker } from './worker.ts';

let t: TestDb;
let worker: Worker;
const last = previousCycle();
const beforeLast = shiftCycle(last, -1);

beforeAll(async () => {
  t = await createSeededDb();
  await jobs.withJobQueue(t.url, (queue) => seedUsageReports(t.db, queue));
  await seedPriceList(t.db);
  worker = await startWorker({ databaseUrl: t.url, origin: 'http://console.test' });
}, 120_000);
afterAll(async () => {
  await worker?.stop(5);
  await t?.drop();
});

/** Sends billing.run and waits until the worker has finished it. */
async function run(cycle: string, channelId?: string): Promise<BillingRunResult> {
  const id = await worker.boss.send(jobs.billingRun.name, { cycle, channelId });
  const done = await waitForJob<BillingRunResult>(worker.boss, jobs.billingRun.name, id!);
  expect(done.state).toBe('completed');
  return done.output as BillingRunResult;
}

/** Every bill of the cycle with its lines, as a reader would compare them. */
async function billsOf(cycle: string) {
  const bills = await t.db.select().from(billingReports).where(eq(billingReports.cycle, cycleStart(cycle))).orderBy(asc(billingReports.id));
  const lines = await t.db
    .select()
    .from(billingReportLines)
    .innerJoin(billingReports, eq(billingReports.id, billingReportLines.reportId))
    .where(eq(billingReports.cycle, cycleStart(cycle)))
    .orderBy(asc(billingReportLines.id));
  return { bills, lines: lines.map((l) => l.billing_report_lines) };
}

async function approvedReportsOf(cycle: string) {
  return t.db
    .select({ id: usageReports.id })
    .from(usageReports)
    .where(and(eq(usageReports.cycle, cycleStart(cycle)), eq(usageReports.status, 'approved')));
}

describe('billing.run in the worker', () => {
  it('drafts one bill per approved usage report, every line priced by the rule, and drafts nothing when run again', async () => {
    const approved = await approvedReportsOf(beforeLast);
    expect(approved).toHaveLength(4);

    const first = await run(beforeLast);
    expect(first).toMatchObject({ cycle: beforeLast, reports: 4 });
    const after = await billsOf(beforeLast);
    expect(after.bills.map((b) => b.usageReportId).sort()).toEqual(approved.map((r) => r.id).sort());
    const [usageLines] = await t.db.execute<{ n: number }>(sql`
      select count(*)::int as n from usage_report_lines l join usage_reports r on r.id = l.report_id
      where r.cycle = ${cycleStart(beforeLast)}::date and r.status = 'approved'`);
    expect(after.lines).toHaveLength(usageLines!.n);
    expect(first.lines).toBe(usageLines!.n);
    // Each line's amount is the rule applied to its own figures, and each total the sum of its lines.
    for (const line of after.lines) {
      expect(line.unitPriceMinor).not.toBeNull();
      expect(line.amountMinor).toBe(lineAmountMinor(line.chargeable, line.unitPriceMinor!, line.marginBps));
    }
    for (const bill of after.bills) {
      const sum = after.lines.filter((l) => l.reportId === bill.id).reduce((total, l) => total + l.amountMinor!, 0n);
      expect(bill.totalMinor).toBe(sum);
      expect(bill.totalMinor > 0n).toBe(true);
    }
    // Northwind bills in USD, Contoso in EUR, with their margins (20 %, 25 % on Endpoint Protection; 15 %).
    const northwind = await companyByAccount(t.db, 'northwind-distribution');
    expect(new Set(after.bills.map((b) => `${b.channelId === northwind.id ? 'NW' : 'CN'} ${b.currency}`))).toEqual(new Set(['NW USD', 'CN EUR']));
    expect(new Set(after.lines.filter((l) => l.channelId !== northwind.id).map((l) => l.marginBps))).toEqual(new Set([1500]));

    const second = await run(beforeLast);
    expect(second).toMatchObject({ cycle: beforeLast, reports: 0, lines: 0, mails: 0 });
    expect(await billsOf(beforeLast)).toEqual(after);
  });

  it('mails the tier-1s’ billing managers once per drafted bill, not again on a second run', async () => {
    const [mails] = await t.db.execute<{ n: number; recipients: string[] }>(sql`
      select count(*)::int as n, array_agg(distinct recipient_email order by recipient_email) as recipients
      from email_messages where event = 'billing-report-ready'`);
    expect(mails!.recipients).toEqual(['billing-manager@contoso-networks.example', 'billing-manager@northwind-distribution.example']);
    expect(mails!.n).toBe(4);
  });

  it('two runs at once, both inside their insert together, draft each bill once', async () => {
    const northwind = await actorFor(t.db, 'billing-manager@northwind-distribution.example');
    const contoso = await actorFor(t.db, 'billing-manager@contoso-networks.example');
    const queue = jobs.jobQueueOf(worker.boss);
    const own = await t.db
      .select({ id: usageReports.id, companyId: usageReports.companyId })
      .from(usageReports)
      .where(and(eq(usageReports.cycle, cycleStart(last)), eq(usageReports.status, 'under_review')));
    expect(own).toHaveLength(2);
    await approveUsageReport(t.db, queue, northwind, { reportId: own.find((r) => r.companyId === northwind.company.id)!.id });
    await approveUsageReport(t.db, queue, contoso, { reportId: own.find((r) => r.companyId === contoso.company.id)!.id });

    // Hold the approved reports so both runs stop at their first bill's insert (its key check waits
    // for this lock), then let them go only once both are seen waiting there.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    const hold = t.db.transaction(async (tx) => {
      await tx.execute(sql`select id from usage_reports where id in (${sql.join(own.map((r) => sql`${r.id}::uuid`), sql`, `)}) for update`);
      locked();
      await released;
    });
    await holding;
    const ids = await Promise.all([0, 1].map(() => worker.boss.send(jobs.billingRun.name, { cycle: last })));
    await waitForLockWaiters(t.db, '%insert into billing_reports%', { count: 2 });
    release();
    await hold;
    const outputs = await Promise.all(ids.map(async (id) => (await waitForJob<BillingRunResult>(worker.boss, jobs.billingRun.name, id!)).output as BillingRunResult));
    expect(outputs.map((o) => o.reports).reduce((a, b) => a + b, 0)).toBe(2);
    const { bills, lines } = await billsOf(last);
    expect(bills.map((b) => b.usageReportId).sort()).toEqual(own.map((r) => r.id).sort());
    const [usageLines] = await t.db.execute<{ n: number }>(sql`
      select count(*)::int as n from usage_report_lines where report_id in (${sql.join(own.map((r) => sql`${r.id}::uuid`), sql`, `)})`);
    expect(lines).toHaveLength(usageLines!.n);
  });

  it('a usage report approved later gets its bill from the next run, and the bills drafted and submitted before stay as they were', async () => {
    const northwind = await actorFor(t.db, 'billing-manager@northwind-distribution.example');
    const bluefin = await actorFor(t.db, 'billing-manager@bluefin-it.example');
    const queue = jobs.jobQueueOf(worker.boss);
    const before = await billsOf(last);
    const submitted = before.bills.find((b) => b.companyId === northwind.company.id)!;
    await setPurchaseOrder(t.db, northwind, { reportId: submitted.id, purchaseOrder: 'PO-LATE-1' });
    await submitBillingReport(t.db, northwind, { reportId: submitted.id });
    const existing = await billsOf(last);

    const [late] = await t.db
      .select({ id: usageReports.id })
      .from(usageReports)
      .where(and(eq(usageReports.cycle, cycleStart(last)), eq(usageReports.companyId, bluefin.company.id)));
    await submitUsageReport(t.db, bluefin, { reportId: late!.id });
    await approveUsageReport(t.db, queue, northwind, { reportId: late!.id });

    const result = await run(last, northwind.company.id);
    const [lateLines] = await t.db.select({ n: sql<number>`count(*)::int` }).from(usageReportLines).where(eq(usageReportLines.reportId, late!.id));
    expect(result).toMatchObject({ reports: 1, lines: lateLines!.n });
    const now = await billsOf(last);
    expect(now.bills).toHaveLength(3);
    expect(now.bills.find((b) => b.usageReportId === late!.id)).toMatchObject({ status: 'draft', companyId: bluefin.company.id });
    expect(now.bills.filter((b) => b.usageReportId !== late!.id)).toEqual(existing.bills);
    expect(now.lines.filter((l) => existing.lines.some((e) => e.id === l.id))).toEqual(existing.lines);
    expect(now.bills.find((b) => b.id === submitted.id)!.status).toBe('submitted_to_vendor');

    // The mail for the late bill goes to Northwind's billing manager only.
    const [manager] = await t.db.select({ email: users.email }).from(users).innerJoin(companies, eq(companies.id, users.companyId)).where(and(eq(companies.id, northwind.company.id), eq(users.role, 'billing_manager')));
    const [mail] = await t.db.execute<{ n: number }>(sql`
      select count(*)::int as n from email_messages where event = 'billing-report-ready' and recipient_email = ${manager!.email}
        and variables->>'reportUrl' like ${`%${now.bills.find((b) => b.usageReportId === late!.id)!.id}`}`);
    expect(mail!.n).toBe(1);
  });
});
