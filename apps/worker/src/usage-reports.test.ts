import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, sql } from 'drizzle-orm';
import { emailMessages, usageReportEvents, usageReportLines, usageReportSettings, usageReports, type UsageReport } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import * as jobs from '@keyway/core/jobs';
import { addDays, today } from '@keyway/core/dates';
import { companyByAccount, createSeededDb, waitForJob } from '@keyway/core/testing';
import { snapshotLicenseUnits } from '@keyway/core/licenses';
import { cycleOf, cycleStart, shiftCycle } from '@keyway/core/usage-reports';
import { startWorker, type Worker } from './worker.ts';

let t: TestDb;
let worker: Worker;
const cycle = cycleOf(today());

beforeAll(async () => {
  t = await createSeededDb();
  worker = await startWorker({ databaseUrl: t.url, origin: 'http://console.test' });
});
afterAll(async () => {
  await worker?.stop(5);
  await t.drop();
});

/** Sends a job and waits until the worker has finished it. */
async function run(job: typeof jobs.usageReportsPrepare | typeof jobs.usageReportsAutoSubmit, data: object) {
  const id = await worker.boss.send(job.name, data);
  const done = await waitForJob<Record<string, unknown>>(worker.boss, job.name, id!);
  expect(done.state).toBe('completed');
  return done.output as Record<string, unknown>;
}

async function reportOf(accountName: string, of = cycle): Promise<UsageReport> {
  const company = await companyByAccount(t.db, accountName);
  const [row] = await t.db.select().from(usageReports).where(and(eq(usageReports.companyId, company.id), eq(usageReports.cycle, cycleStart(of))));
  return row!;
}

async function state() {
  const reports = await t.db.select().from(usageReports).orderBy(asc(usageReports.id));
  const lines = await t.db.select().from(usageReportLines).orderBy(asc(usageReportLines.id));
  const [counts] = await t.db.execute<{ events: number; mails: number }>(
    sql`select (select count(*)::int from usage_report_events) as events, (select count(*)::int from email_messages) as mails`,
  );
  return { reports, lines, counts };
}

describe('usage report jobs in the worker', () => {
  it('are scheduled: prepare on the 1st of each month, auto-submit every day', async () => {
    const schedules = await worker.boss.getSchedules();
    expect(schedules.find((s) => s.name === jobs.usageReportsPrepare.name)).toMatchObject({ cron: '30 0 1 * *' });
    expect(schedules.find((s) => s.name === jobs.usageReportsAutoSubmit.name)).toMatchObject({ cron: '15 0 * * *' });
  });

  it('prepare makes one report per partner and cycle, however often it runs', async () => {
    expect(await run(jobs.usageReportsPrepare, { cycle })).toMatchObject({ cycle, reports: 4, lines: expect.any(Number) });
    const before = await state();
    expect(await run(jobs.usageReportsPrepare, { cycle })).toMatchObject({ cycle, reports: 0, lines: 0, mails: 0 });
    expect(await state()).toEqual(before);
    const [perCompany] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from (select company_id from usage_reports group by company_id, cycle having count(*) > 1) twice`,
    );
    expect(perCompany!.n).toBe(0);
  });

  it('refuses a payload whose cycle is not a month', async () => {
    await expect(t.db.transaction((tx) => jobs.enqueue(tx, worker.boss, jobs.usageReportsPrepare, { cycle: '2026-13' }))).rejects.toThrow();
  });

  it('auto-submit reminds once two days before, then submits due reports, resetting uncommented lines with a penalty; a second run changes nothing', async () => {
    const bluefin = await reportOf('bluefin-it');
    const [uncommented, commented] = await t.db
      .select()
      .from(usageReportLines)
      .where(eq(usageReportLines.reportId, bluefin.id))
      .orderBy(asc(usageReportLines.id));
    await t.db.update(usageReportLines).set({ provisioned: 10, used: 2, chargeable: 8, comment: null }).where(eq(usageReportLines.id, uncommented!.id));
    await t.db.update(usageReportLines).set({ provisioned: 10, used: 2, chargeable: 9, comment: 'One seat is a test account' }).where(eq(usageReportLines.id, commented!.id));
    const dueOn = bluefin.dueOn;

    expect(await run(jobs.usageReportsAutoSubmit, { day: addDays(dueOn, -3) })).toMatchObject({ reminded: 0, submitted: 0 });
    const reminded = await run(jobs.usageReportsAutoSubmit, { day: addDays(dueOn, -2) });
    expect(reminded).toMatchObject({ reminded: 4, submitted: 0 });
    const reminders = await t.db
      .select()
      .from(emailMessages)
      .where(and(eq(emailMessages.event, 'usage-report-reminder'), eq(emailMessages.companyId, bluefin.companyId)));
    expect(reminders.map((m) => m.recipientEmail).sort()).toEqual(['admin@bluefin-it.example', 'billing-manager@bluefin-it.example']);
    expect(await run(jobs.usageReportsAutoSubmit, { day: addDays(dueOn, -2) })).toMatchObject({ reminded: 0, mails: 0 });
    expect(await run(jobs.usageReportsAutoSubmit, { day: addDays(dueOn, -1) })).toMatchObject({ reminded: 0, submitted: 0 });

    expect(await run(jobs.usageReportsAutoSubmit, { day: dueOn })).toMatchObject({ submitted: 4, withPenalty: 1, penaltyLines: 1, autoApproved: 0 });
    expect(await reportOf('bluefin-it')).toMatchObject({ status: 'under_review', submission: 'automatic_with_penalty', submittedBy: null });
    expect(await reportOf('northwind-distribution')).toMatchObject({ status: 'under_review', submission: 'automatic' });
    const lines = await t.db.select().from(usageReportLines).where(eq(usageReportLines.reportId, bluefin.id));
    expect(lines.find((l) => l.id === uncommented!.id)).toMatchObject({ chargeable: 10, penalty: true });
    expect(lines.find((l) => l.id === commented!.id)).toMatchObject({ chargeable: 9, penalty: false, comment: 'One seat is a test account' });
    const events = await t.db.select().from(usageReportEvents).where(eq(usageReportEvents.reportId, bluefin.id)).orderBy(asc(usageReportEvents.id));
    expect(events.map((e) => e.action)).toEqual(['prepared', 'auto_submitted']);

    const before = await state();
    expect(await run(jobs.usageReportsAutoSubmit, { day: dueOn })).toMatchObject({ reminded: 0, submitted: 0, penaltyLines: 0 });
    expect(await state()).toEqual(before);
  });
  it('auto-submit approves at once the reports of a tier-1 that approves without comments when nothing carries one; the rest stay under review', async () => {
    // The next cycle, with the units of today's licenses on its first day.
    const next = shiftCycle(cycle, 1);
    await snapshotLicenseUnits(t.db, cycleStart(next));
    expect(await run(jobs.usageReportsPrepare, { cycle: next })).toMatchObject({ cycle: next, reports: 4 });
    const contoso = await companyByAccount(t.db, 'contoso-networks');
    await t.db
      .insert(usageReportSettings)
      .values({ companyId: contoso.id, channelId: contoso.id, autoApproveWithoutComments: true })
      .onConflictDoUpdate({ target: usageReportSettings.companyId, set: { autoApproveWithoutComments: true } });
    // Summit (under Contoso) explains one lower line; Contoso's own report carries no comment.
    const summit = await reportOf('summit-msp', next);
    const [line] = await t.db.select().from(usageReportLines).where(eq(usageReportLines.reportId, summit.id)).orderBy(asc(usageReportLines.id)).limit(1);
    await t.db
      .update(usageReportLines)
      .set({ chargeable: Math.max(line!.used, line!.provisioned - 1), comment: 'One mailbox was a shared test account.' })
      .where(eq(usageReportLines.id, line!.id));

    const dueOn = summit.dueOn;
    expect(await run(jobs.usageReportsAutoSubmit, { day: dueOn })).toMatchObject({ submitted: 4, withPenalty: 0, autoApproved: 1 });
    const own = await reportOf('contoso-networks', next);
    expect(own).toMatchObject({ status: 'approved', submission: 'automatic', reviewedBy: null });
    expect(own.reviewedAt).not.toBeNull();
    for (const other of ['summit-msp', 'bluefin-it', 'northwind-distribution']) {
      expect(await reportOf(other, next), other).toMatchObject({ status: 'under_review', reviewedAt: null });
    }
    const history = async (reportId: string) =>
      (await t.db.select().from(usageReportEvents).where(eq(usageReportEvents.reportId, reportId)).orderBy(asc(usageReportEvents.id))).map((e) => e.action);
    expect(await history(own.id)).toEqual(['prepared', 'auto_submitted', 'auto_approved']);
    expect(await history(summit.id)).toEqual(['prepared', 'auto_submitted']);
  });
});
