import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, sql } from 'drizzle-orm';
import { TRPCError } from '@trpc/server';
import { auditLog, emailMessages, usageReportEvents, usageReportLines, usageReports, type Company } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { createJobQueue, type JobQueue } from '@keyway/core/jobs';
import { actorFor, companyByAccount, createSeededDb, waitForLockWaiters } from '@keyway/core/testing';
import { cycleOf, prepareUsageReports, usageReportLinesExport, usageReportsExport } from '@keyway/core/usage-reports';
import { today } from '@keyway/core/dates';
import { callerAs } from '../testing/callers.ts';

let t: TestDb;
let jobs: JobQueue;
let bluefin: Company;
let summit: Company;
let northwind: Company;
let contoso: Company;
const cycle = cycleOf(today());
const reports: Record<string, string> = {};

let ipCount = 0;
const as = (email: string) => callerAs(t.db, email, { jobs, ip: `10.9.0.${++ipCount % 250}` });
const MSP = 'admin@bluefin-it.example';
const TIER1 = 'admin@northwind-distribution.example';

async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

async function reportOf(company: Company) {
  const [row] = await t.db.select().from(usageReports).where(and(eq(usageReports.companyId, company.id), eq(usageReports.cycle, `${cycle}-01`)));
  return row!;
}

async function linesOf(reportId: string) {
  return t.db.select().from(usageReportLines).where(eq(usageReportLines.reportId, reportId)).orderBy(asc(usageReportLines.id));
}

/** Sets a line's figures, so the rules are tested on known numbers whatever day the test runs. */
async function setLine(lineId: string, values: { provisioned: number; used: number; chargeable?: number; comment?: string | null }) {
  await t.db
    .update(usageReportLines)
    .set({ chargeable: values.provisioned, comment: null, ...values })
    .where(eq(usageReportLines.id, lineId));
}

async function setStatus(reportId: string, status: 'preparing' | 'under_review' | 'approved' | 'rejected') {
  await t.db.update(usageReports).set({ status }).where(eq(usageReports.id, reportId));
}

beforeAll(async () => {
  t = await createSeededDb();
  jobs = createJobQueue(t.url);
  bluefin = await companyByAccount(t.db, 'bluefin-it');
  summit = await companyByAccount(t.db, 'summit-msp');
  northwind = await companyByAccount(t.db, 'northwind-distribution');
  contoso = await companyByAccount(t.db, 'contoso-networks');
  const prepared = await prepareUsageReports(t.db, jobs, { cycle });
  expect(prepared.reports).toBe(4);
  for (const company of [bluefin, summit, northwind, contoso]) reports[company.accountName] = (await reportOf(company)).id;
});
afterAll(async () => {
  await jobs?.stop();
  await t?.drop();
});

describe('usageReports.list', () => {
  it('shows an MSP its own reports and a tier-1 its own and its MSPs’, never another channel’s', async () => {
    const mine = await (await as(MSP)).usageReports.list({});
    expect(mine.items.map((r) => r.companyName)).toEqual(['Bluefin IT Services']);
    expect(mine.items[0]).toMatchObject({ cycle, status: 'preparing', lineCount: expect.any(Number), commentCount: 0, penaltyLines: 0 });
    expect(mine.items[0]!.lineCount).toBeGreaterThan(0);

    const channel = await (await as(TIER1)).usageReports.list({ sort: { by: 'company', direction: 'asc' } });
    expect(channel.items.map((r) => r.companyName)).toEqual(['Bluefin IT Services', 'Northwind Distribution']);
    expect(channel.total).toBe(2);

    const other = await (await as('admin@contoso-networks.example')).usageReports.list({});
    expect(other.items.map((r) => r.companyName).sort()).toEqual(['Contoso Networks', 'Summit Managed Services']);
  });

  it('pages by keyset and filters by cycle, status, partner and comments', async () => {
    const tier1 = await as(TIER1);
    const first = await tier1.usageReports.list({ limit: 1, sort: { by: 'company', direction: 'asc' } });
    expect(first.items.map((r) => r.companyName)).toEqual(['Bluefin IT Services']);
    const second = await tier1.usageReports.list({ limit: 1, sort: { by: 'company', direction: 'asc' }, cursor: first.nextCursor! });
    expect(second.items.map((r) => r.companyName)).toEqual(['Northwind Distribution']);
    expect(second.nextCursor).toBeNull();

    expect((await tier1.usageReports.list({ filters: { companyId: bluefin.id } })).items.map((r) => r.id)).toEqual([reports['bluefin-it']]);
    expect((await tier1.usageReports.list({ filters: { cycle: '2001-01' } })).items).toEqual([]);
    expect((await tier1.usageReports.list({ filters: { status: 'approved' } })).items).toEqual([]);
    expect((await tier1.usageReports.list({ filters: { hasComments: true } })).items).toEqual([]);
    expect((await tier1.usageReports.list({ filters: { hasComments: false } })).total).toBe(2);
  });
});

describe('usageReports.summary', () => {
  it('counts a cycle’s reports per status in the caller’s subtree, as many as the list shows for each', async () => {
    await setStatus(reports['bluefin-it']!, 'under_review');
    try {
      const tier1 = await as(TIER1);
      expect(await tier1.usageReports.summary({ cycle })).toEqual({ cycle, counts: { preparing: 1, under_review: 1, approved: 0, rejected: 0 } });
      // The latest cycle with reports when none is given; none at all for a cycle without any.
      expect((await tier1.usageReports.summary({})).cycle).toBe(cycle);
      expect(await tier1.usageReports.summary({ cycle: '2001-01' })).toEqual({
        cycle: '2001-01',
        counts: { preparing: 0, under_review: 0, approved: 0, rejected: 0 },
      });
      for (const email of [TIER1, MSP, 'admin@contoso-networks.example']) {
        const caller = await as(email);
        const { counts } = await caller.usageReports.summary({ cycle });
        for (const status of ['preparing', 'under_review', 'approved', 'rejected'] as const) {
          const listed = await caller.usageReports.list({ limit: 1, filters: { cycle, status } });
          expect([email, status, counts[status]]).toEqual([email, status, listed.total]);
        }
      }
      expect((await (await as(MSP)).usageReports.summary({ cycle })).counts).toEqual({ preparing: 0, under_review: 1, approved: 0, rejected: 0 });
    } finally {
      await setStatus(reports['bluefin-it']!, 'preparing');
    }
    const bad = await errorOf((await as(TIER1)).usageReports.summary({ cycle: '2026-13' }));
    expect(bad.code).toBe('BAD_REQUEST');
    expect(bad.message).toMatch(/YYYY-MM/);
  });
});

describe('usageReports.get and preview', () => {
  it('returns the lines with over-provisioned %, totals per product, and what the viewer may do', async () => {
    const [line] = await linesOf(reports['bluefin-it']!);
    await setLine(line!.id, { provisioned: 10, used: 6 });
    const detail = await (await as(MSP)).usageReports.get({ reportId: reports['bluefin-it']! });
    expect(detail).toMatchObject({ companyName: 'Bluefin IT Services', status: 'preparing', canEdit: true, canReview: false });
    expect(detail.lines.find((l) => l.id === line!.id)).toMatchObject({ provisioned: 10, used: 6, chargeable: 10, overProvisionedPercent: 40, differs: false });
    expect(detail.totals.reduce((sum, total) => sum + total.provisioned, 0)).toBe(detail.provisioned);

    const asTier1 = await (await as(TIER1)).usageReports.get({ reportId: reports['bluefin-it']! });
    expect(asTier1).toMatchObject({ canEdit: false, canReview: false });
    const supportEngineer = await (await as('support-engineer@bluefin-it.example')).usageReports.get({ reportId: reports['bluefin-it']! });
    expect(supportEngineer.canEdit).toBe(false);
  });

  it('previews the current month for the caller’s own report or an MSP below it, with the auto-submit day', async () => {
    const preview = await (await as(MSP)).usageReports.preview({});
    expect(preview.cycle).toBe(cycle);
    expect(preview.dueOn).toMatch(/^\d{4}-\d{2}-06$/);
    expect(preview.daysUntilAutoSubmit).toBeGreaterThan(0);
    expect(preview.lines.length).toBeGreaterThan(0);
    expect(preview.lines.every((l) => l.id === null && l.chargeable === l.provisioned)).toBe(true);

    const ofBluefin = await (await as(TIER1)).usageReports.preview({ companyId: bluefin.id });
    expect(ofBluefin.lines.map((l) => l.customerId).sort()).toEqual(preview.lines.map((l) => l.customerId).sort());
    const harbor = await companyByAccount(t.db, 'harbor-resellers');
    expect((await errorOf((await as(TIER1)).usageReports.preview({ companyId: harbor.id }))).code).toBe('BAD_REQUEST');
  });
});

describe('usageReports.updateLine', () => {
  it('keeps chargeable between used and provisioned, and a line that differs needs its comment before the report is submitted', async () => {
    const msp = await as(MSP);
    const reportId = reports['bluefin-it']!;
    const [line] = await linesOf(reportId);
    await setLine(line!.id, { provisioned: 10, used: 6 });

    // Saved without its comment, to write later; submitting is refused until it is there.
    expect(await msp.usageReports.updateLine({ reportId, lineId: line!.id, chargeable: 8 })).toMatchObject({ chargeable: 8, comment: null, differs: true });
    const uncommented = await errorOf(msp.usageReports.submit({ reportId }));
    expect(uncommented.code).toBe('CONFLICT');
    expect(uncommented.message).toBe(
      'One line is charged at other than provisioned without a comment: comment on it, or set chargeable back to provisioned, then submit.',
    );
    expect((await msp.usageReports.get({ reportId })).status).toBe('preparing');
    const below = await errorOf(msp.usageReports.updateLine({ reportId, lineId: line!.id, chargeable: 5, comment: 'Fewer seats' }));
    expect(below.message).toBe('Chargeable units cannot be below the 6 units used.');
    const above = await errorOf(msp.usageReports.updateLine({ reportId, lineId: line!.id, chargeable: 11, comment: 'More' }));
    expect(above.message).toBe('Chargeable units cannot be above the 10 units provisioned.');

    const updated = await msp.usageReports.updateLine({ reportId, lineId: line!.id, chargeable: 6, comment: 'Four mailboxes were never set up' });
    expect(updated).toMatchObject({ id: line!.id, chargeable: 6, comment: 'Four mailboxes were never set up', differs: true });
    // Back to provisioned: always allowed, the comment may stay or go.
    const back = await msp.usageReports.updateLine({ reportId, lineId: line!.id, chargeable: 10, comment: '' });
    expect(back).toMatchObject({ chargeable: 10, comment: null, differs: false });

    const history = await msp.usageReports.history({ reportId });
    const edits = history.filter((e) => e.action === 'line_edited');
    expect(edits.map((e) => [e.before, e.after])).toEqual([
      [{ chargeable: 10, comment: null }, { chargeable: 8, comment: null }],
      [{ chargeable: 8, comment: null }, { chargeable: 6, comment: 'Four mailboxes were never set up' }],
      [{ chargeable: 6, comment: 'Four mailboxes were never set up' }, { chargeable: 10, comment: null }],
    ]);
    expect(edits[0]).toMatchObject({ actorName: 'Administrator, Bluefin IT Services', actorCompanyName: 'Bluefin IT Services', line: { customerName: expect.any(String) } });
    expect(history[0]).toMatchObject({ action: 'prepared', actorName: null });
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'usage-report.line-edit'), eq(auditLog.targetId, line!.id)));
    expect(audits).toHaveLength(3);
  });

  it('lets chargeable rise to used when more was used than provisioned', async () => {
    const msp = await as(MSP);
    const reportId = reports['bluefin-it']!;
    const [, line] = await linesOf(reportId);
    await setLine(line!.id, { provisioned: 10, used: 14 });
    expect((await errorOf(msp.usageReports.updateLine({ reportId, lineId: line!.id, chargeable: 15, comment: 'x' }))).message).toBe(
      'Chargeable units cannot be above the 14 units used.',
    );
    expect(await msp.usageReports.updateLine({ reportId, lineId: line!.id, chargeable: 14, comment: 'Used more than provisioned' })).toMatchObject({
      chargeable: 14,
      overProvisionedPercent: -40,
    });
    await setLine(line!.id, { provisioned: 10, used: 14 });
  });

  it('leaves the partner’s lines to the partner: its tier-1 and read-only roles are refused', async () => {
    const reportId = reports['bluefin-it']!;
    const [line] = await linesOf(reportId);
    const tier1 = await errorOf((await as(TIER1)).usageReports.updateLine({ reportId, lineId: line!.id, chargeable: 10 }));
    expect(tier1.code).toBe('FORBIDDEN');
    expect(tier1.message).toMatch(/Only Bluefin IT Services changes and submits this report/);
    const support = await errorOf((await as('support-manager@bluefin-it.example')).usageReports.updateLine({ reportId, lineId: line!.id, chargeable: 10 }));
    expect(support.code).toBe('FORBIDDEN');
  });
});

describe('transitions', () => {
  it('submits, rejects with a mail, edits again, resubmits and approves; every other move is a 409 that says why', async () => {
    const msp = await as(MSP);
    const billing = await as('billing-manager@northwind-distribution.example');
    const reportId = reports['bluefin-it']!;
    const [line] = await linesOf(reportId);
    await setLine(line!.id, { provisioned: 10, used: 6, chargeable: 8 });

    // Not submitted yet: nothing to review.
    expect((await errorOf(billing.usageReports.approve({ reportId }))).message).toMatch(/still being prepared/);
    expect((await errorOf(billing.usageReports.reject({ reportId, comment: 'No' }))).code).toBe('CONFLICT');

    const missing = await errorOf(msp.usageReports.submit({ reportId }));
    expect(missing.code).toBe('CONFLICT');
    expect(missing.message).toMatch(/One line is charged at other than provisioned without a comment/);
    expect((await reportOf(bluefin)).status).toBe('preparing');

    await msp.usageReports.updateLine({ reportId, lineId: line!.id, chargeable: 8, comment: 'Two seats unused all month' });
    expect(await msp.usageReports.submit({ reportId, comment: 'All lines checked' })).toEqual({ id: reportId, status: 'under_review' });
    expect((await errorOf(msp.usageReports.submit({ reportId }))).message).toMatch(/already submitted .* and is under review/);
    expect((await errorOf(msp.usageReports.updateLine({ reportId, lineId: line!.id, chargeable: 10 }))).message).toMatch(
      /The report is under review: lines can be changed only while it is being prepared or after it was rejected/,
    );
    expect(await billing.usageReports.get({ reportId })).toMatchObject({ canReview: true, commentCount: 2, submitComment: 'All lines checked' });

    expect((await errorOf(billing.usageReports.reject({ reportId, comment: '' }))).code).toBe('BAD_REQUEST');
    expect(await billing.usageReports.reject({ reportId, comment: 'Acme uses all ten seats' })).toEqual({ id: reportId, status: 'rejected' });
    const mails = await t.db.select().from(emailMessages).where(and(eq(emailMessages.event, 'usage-report-rejected'), eq(emailMessages.companyId, bluefin.id)));
    expect(mails.map((m) => m.recipientEmail).sort()).toEqual(['admin@bluefin-it.example', 'billing-manager@bluefin-it.example']);
    expect(mails[0]!.text).toContain('Acme uses all ten seats');
    expect((await errorOf(billing.usageReports.approve({ reportId }))).message).toMatch(/already rejected by Billing Manager, Northwind Distribution/);

    await msp.usageReports.updateLine({ reportId, lineId: line!.id, chargeable: 10, comment: null });
    expect(await msp.usageReports.submit({ reportId })).toEqual({ id: reportId, status: 'under_review' });
    expect(await billing.usageReports.approve({ reportId, comment: 'Thanks' })).toEqual({ id: reportId, status: 'approved' });
    expect((await errorOf(billing.usageReports.reject({ reportId, comment: 'Too late' }))).message).toMatch(/already approved/);
    expect((await errorOf(msp.usageReports.submit({ reportId }))).message).toMatch(/already approved/);
    expect((await errorOf(msp.usageReports.updateLine({ reportId, lineId: line!.id, chargeable: 10 }))).code).toBe('CONFLICT');

    const history = await msp.usageReports.history({ reportId });
    expect(history.filter((e) => e.action !== 'line_edited').map((e) => [e.action, e.comment])).toEqual([
      ['prepared', null],
      ['submitted', 'All lines checked'],
      ['rejected', 'Acme uses all ten seats'],
      ['submitted', null],
      ['approved', 'Thanks'],
    ]);
    expect(history.find((e) => e.action === 'rejected')).toMatchObject({
      actorName: 'Billing Manager, Northwind Distribution',
      actorCompanyName: 'Northwind Distribution',
    });
    const audited = await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, reportId)).orderBy(asc(auditLog.id));
    expect(audited.map((a) => a.action)).toEqual([
      'usage-report.prepare',
      'usage-report.submit',
      'usage-report.reject',
      'usage-report.submit',
      'usage-report.approve',
    ]);
  });

  it('lets exactly one of an approval and a rejection racing on a report win; the other is told what happened', async () => {
    const reportId = reports['northwind-distribution']!;
    for (let round = 0; round < 5; round++) {
      await setStatus(reportId, 'under_review');
      const admin = await as(TIER1);
      const billing = await as('billing-manager@northwind-distribution.example');
      const outcomes = await Promise.allSettled([
        admin.usageReports.approve({ reportId }),
        billing.usageReports.reject({ reportId, comment: 'Recount the servers' }),
      ]);
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/The report was already (approved|rejected) by/) });
      const [report] = await t.db.select().from(usageReports).where(eq(usageReports.id, reportId));
      expect(report!.status).toBe((won[0] as PromiseFulfilledResult<{ status: string }>).value.status);
    }
    const decided = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(usageReportEvents)
      .where(and(eq(usageReportEvents.reportId, reportId), sql`${usageReportEvents.action} in ('approved', 'rejected')`));
    expect(decided[0]!.n).toBe(5);
  });

  it('makes a submission wait for a line edit in flight, then judge the lines as the edit left them', async () => {
    const reportId = reports['northwind-distribution']!;
    await setStatus(reportId, 'preparing');
    const [line] = await linesOf(reportId);
    await setLine(line!.id, { provisioned: 10, used: 2 });
    // An edit holds the report's row lock (as updateLine does) while it lowers a line without a comment.
    let finishEdit!: () => void;
    const editing = new Promise<void>((resolve) => (finishEdit = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const edit = t.db.transaction(async (tx) => {
      await tx.select().from(usageReports).where(eq(usageReports.id, reportId)).for('update');
      locked();
      await editing;
      await tx.update(usageReportLines).set({ chargeable: 7, comment: null }).where(eq(usageReportLines.id, line!.id));
    });
    await lockTaken;
    const submission = (await as(TIER1)).usageReports.submit({ reportId }).then(
      () => null,
      (e: unknown) => e,
    );
    // The submission is blocked on the report's row until the edit commits.
    await waitForLockWaiters(t.db, '%update "usage_reports"%');
    finishEdit();
    await edit;
    expect(await submission).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/One line is charged at other than provisioned without a comment/) });
    expect((await reportOf(northwind)).status).toBe('preparing');
    await setLine(line!.id, { provisioned: 10, used: 2 });
  });

  it('approves at once a report submitted without any comment when the tier-1 says so', async () => {
    const contosoAdmin = await as('admin@contoso-networks.example');
    expect((await errorOf((await as('admin@summit-msp.example')).usageReports.settings.update({ autoSubmitDays: 3, autoApproveWithoutComments: true }))).code).toBe(
      'FORBIDDEN',
    );
    expect(await contosoAdmin.usageReports.settings.update({ autoSubmitDays: 3, autoApproveWithoutComments: true })).toMatchObject({
      companyId: contoso.id,
      autoSubmitDays: 3,
      autoApproveWithoutComments: true,
      canUpdate: true,
    });
    const summitAdmin = await as('admin@summit-msp.example');
    expect(await summitAdmin.usageReports.settings.get()).toMatchObject({ companyName: 'Contoso Networks', autoSubmitDays: 3, canUpdate: false });
    expect(await summitAdmin.usageReports.submit({ reportId: reports['summit-msp']! })).toEqual({ id: reports['summit-msp'], status: 'approved' });
    const history = await summitAdmin.usageReports.history({ reportId: reports['summit-msp']! });
    expect(history.map((e) => e.action)).toEqual(['prepared', 'submitted', 'auto_approved']);

    // A comment anywhere leaves the report for a person to review.
    expect(await contosoAdmin.usageReports.submit({ reportId: reports['contoso-networks']!, comment: 'Two new hotels' })).toEqual({
      id: reports['contoso-networks'],
      status: 'under_review',
    });
  });
});

describe('scope and privileges', () => {
  it('answers another subtree’s report ids as unknown (NOT_FOUND) for every procedure', async () => {
    const msp = await as(MSP);
    const tier1 = await as(TIER1);
    const foreign = reports['summit-msp']!;
    const [line] = await linesOf(foreign);
    const calls: [string, () => Promise<unknown>][] = [
      ['get', () => msp.usageReports.get({ reportId: foreign })],
      ['history', () => msp.usageReports.history({ reportId: foreign })],
      ['updateLine', () => msp.usageReports.updateLine({ reportId: foreign, lineId: line!.id, chargeable: 1, comment: 'x' })],
      ['submit', () => msp.usageReports.submit({ reportId: foreign })],
      ['exportLines', () => msp.usageReports.exportLines({ format: 'csv', filters: { reportId: foreign } })],
      ['list', () => msp.usageReports.list({ filters: { companyId: summit.id } })],
      ['preview', () => msp.usageReports.preview({ companyId: summit.id })],
      ['chart', () => msp.usageReports.chart({ companyId: summit.id })],
      ['tier-1 get', () => tier1.usageReports.get({ reportId: reports['contoso-networks']! })],
      ['tier-1 approve', () => tier1.usageReports.approve({ reportId: foreign })],
      ['tier-1 reject', () => tier1.usageReports.reject({ reportId: foreign, comment: 'No' })],
      ['tier-1 preview', () => tier1.usageReports.preview({ companyId: summit.id })],
      ['tier-1 list', () => tier1.usageReports.list({ filters: { companyId: summit.id } })],
      ['tier-1 export', () => tier1.usageReports.export({ format: 'xlsx', filters: { companyId: summit.id } })],
    ];
    for (const [name, call] of calls) expect([name, (await errorOf(call())).code]).toEqual([name, 'NOT_FOUND']);
    // A line of another report, under one's own report id, is no line of it.
    const [ownLine] = await linesOf(reports['northwind-distribution']!);
    expect(ownLine).toBeDefined();
    await setStatus(reports['northwind-distribution']!, 'preparing');
    expect((await errorOf(tier1.usageReports.updateLine({ reportId: reports['northwind-distribution']!, lineId: line!.id, chargeable: 1, comment: 'x' }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('refuses resellers and customers every procedure (FORBIDDEN)', async () => {
    const reportId = reports['bluefin-it']!;
    for (const email of ['admin@harbor-resellers.example', 'admin@acme-dental.example']) {
      const caller = await as(email);
      const calls: (() => Promise<unknown>)[] = [
        () => caller.usageReports.list({}),
        () => caller.usageReports.get({ reportId }),
        () => caller.usageReports.summary({}),
        () => caller.usageReports.preview({}),
        () => caller.usageReports.history({ reportId }),
        () => caller.usageReports.chart({}),
        () => caller.usageReports.updateLine({ reportId, lineId: reportId, chargeable: 1 }),
        () => caller.usageReports.submit({ reportId }),
        () => caller.usageReports.approve({ reportId }),
        () => caller.usageReports.reject({ reportId, comment: 'No' }),
        () => caller.usageReports.export({ format: 'csv' }),
        () => caller.usageReports.exportLines({ format: 'csv', filters: { reportId } }),
        () => caller.usageReports.settings.get(),
        () => caller.usageReports.settings.update({ autoSubmitDays: 5, autoApproveWithoutComments: false }),
      ];
      for (const call of calls) expect((await errorOf(call())).code).toBe('FORBIDDEN');
    }
  });
});

describe('usageReports.export and chart', () => {
  it('exports one report’s lines or the filtered reports through the export module', async () => {
    const tier1 = await as(TIER1);
    const reportId = reports['bluefin-it']!;
    const lines = await linesOf(reportId);
    const prepared = await tier1.usageReports.exportLines({ format: 'csv', filters: { reportId } });
    expect(prepared).toMatchObject({ rows: lines.length, format: 'csv' });
    expect(prepared.url).toMatch(/^\/api\/exports\/usage-report-lines\?format=csv&reportId=/);

    const actor = await actorFor(t.db, TIER1);
    const started = await usageReportLinesExport.start(t.db, actor, { format: 'csv', filters: { reportId } });
    const chunks: Buffer[] = [];
    for await (const chunk of started.stream) chunks.push(Buffer.from(chunk as Uint8Array));
    const csv = Buffer.concat(chunks).toString('utf8');
    expect(csv.split('\n')[0]).toContain('Cycle,Partner,Customer,Account name,Product,Unit type,Provisioned,Used,Over-provisioned %,Chargeable,Comment,Penalty');
    expect(csv.trim().split('\n')).toHaveLength(lines.length + 1);

    const list = await usageReportsExport.start(t.db, actor, { format: 'xlsx', filters: {} });
    expect(list.rows).toBe(2);
  });

  it('charts chargeable units per product over the last cycles', async () => {
    const points = await (await as(MSP)).usageReports.chart({});
    const [report] = await t.db
      .select({ chargeable: sql<number>`sum(${usageReportLines.chargeable})::int` })
      .from(usageReportLines)
      .where(eq(usageReportLines.reportId, reports['bluefin-it']!));
    expect(points.every((p) => p.cycle === cycle)).toBe(true);
    expect(points.reduce((sum, p) => sum + p.chargeable, 0)).toBe(report!.chargeable);
  });
});
