import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { billingReportLines, billingReports, type BillingReportLine } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { installJobs, withJobQueue } from '../jobs/index.ts';
import { seedBillingReports, seedUsageReports } from '../seed/index.ts';
import { createSeededDb } from '../testing/index.ts';

/*
 * A bill line's bill, usage report line, customer and product are checked once per statement
 * (migration 0016) rather than by foreign keys: these are the rules foreign keys would keep.
 */

let t: TestDb;
let line: BillingReportLine;
const nowhere = '00000000-0000-4000-8000-000000000000';

/** What a statement did: 'written', or the SQLSTATE and message it failed with. */
const outcome = (run: Promise<unknown>) =>
  run.then(
    () => ({ code: 'written', message: '' }),
    (error: { cause?: { code?: string; message?: string } }) => ({ code: error.cause?.code, message: error.cause?.message ?? '' }),
  );
const codeOf = async (run: Promise<unknown>) => (await outcome(run)).code;

beforeAll(async () => {
  t = await createSeededDb();
  await installJobs(t.url);
  await withJobQueue(t.url, async (jobs) => {
    await seedUsageReports(t.db, jobs);
    await seedBillingReports(t.db, jobs);
  });
  const [first] = await t.db.select().from(billingReportLines).limit(1);
  line = first!;
});
afterAll(async () => t?.drop());

describe('bill line references', () => {
  it('refuses a line whose bill, usage report line, customer or product does not exist', async () => {
    const [other] = await t.db.select({ id: billingReports.id }).from(billingReports).where(sql`${billingReports.id} <> ${line.reportId}`).limit(1);
    const copy = (changes: Partial<BillingReportLine>) => t.db.insert(billingReportLines).values({ ...line, id: undefined, reportId: other!.id, ...changes });
    expect(await outcome(copy({ reportId: nowhere }))).toEqual({ code: '23503', message: expect.stringContaining(`bill ${nowhere} does not exist`) });
    expect(await outcome(copy({ usageReportLineId: nowhere }))).toEqual({
      code: '23503',
      message: expect.stringContaining(`usage report line ${nowhere} does not exist`),
    });
    expect(await codeOf(copy({ companyId: nowhere }))).toBe('23503');
    expect(await codeOf(copy({ productId: nowhere }))).toBe('23503');
    // One bad row refuses the whole statement.
    const linesOfOther = () => t.db.$count(billingReportLines, eq(billingReportLines.reportId, other!.id));
    const before = await linesOfOther();
    expect(await codeOf(t.db.insert(billingReportLines).values([{ ...line, id: undefined, reportId: other!.id }, { ...line, id: undefined, reportId: other!.id, usageReportLineId: nowhere }]))).toBe('23503');
    expect(await linesOfOther()).toBe(before);
    // What is left is written: the same usage line on another existing bill.
    expect(await codeOf(copy({}))).toBe('written');
  });

  it('keeps a line’s references fixed while its prices change', async () => {
    const [otherUsageLine] = await t.db.execute<{ id: string }>(sql`select id from usage_report_lines where id <> ${line.usageReportLineId} limit 1`);
    const update = (changes: Partial<BillingReportLine>) => t.db.update(billingReportLines).set(changes).where(eq(billingReportLines.id, line.id));
    expect(await codeOf(update({ usageReportLineId: otherUsageLine!.id }))).toBe('23503');
    expect(await codeOf(update({ reportId: nowhere }))).toBe('23503');
    // Naming a reference without changing it, and changing the figures, are updates like any other.
    expect(await codeOf(update({ productId: line.productId, marginBps: line.marginBps }))).toBe('written');
    expect(await t.db.select().from(billingReportLines).where(eq(billingReportLines.id, line.id))).toEqual([{ ...line, updatedAt: expect.any(Date) }]);
  });

  it('refuses to delete the bill, usage report line, customer or product that lines refer to', async () => {
    // A usage line that no usage report event names, so only its bill lines hold it.
    const [usageLine] = await t.db.execute<{ id: string }>(sql`
      select ul.id from usage_report_lines ul
      where exists (select 1 from billing_report_lines bl where bl.usage_report_line_id = ul.id)
        and not exists (select 1 from usage_report_events e where e.line_id = ul.id)
      limit 1`);
    expect(await outcome(t.db.execute(sql`delete from usage_report_lines where id = ${usageLine!.id}`))).toEqual({
      code: '23503',
      message: expect.stringContaining('violates the references of billing report line'),
    });
    // The bill without its history, so only its lines hold it.
    const deleteBill = t.db.transaction(async (tx) => {
      await tx.execute(sql`delete from billing_report_events where report_id = ${line.reportId}`);
      await tx.execute(sql`delete from billing_reports where id = ${line.reportId}`);
    });
    expect(await outcome(deleteBill)).toEqual({ code: '23503', message: expect.stringContaining('violates the references of billing report line') });
    expect(await codeOf(t.db.execute(sql`delete from companies where id = ${line.companyId}`))).toBe('23503');
    expect(await codeOf(t.db.execute(sql`delete from products where id = ${line.productId}`))).toBe('23503');
    expect(await t.db.select({ id: billingReports.id }).from(billingReports).where(eq(billingReports.id, line.reportId))).toHaveLength(1);
    expect(await t.db.execute(sql`select 1 from usage_report_lines where id = ${usageLine!.id}`)).toHaveLength(1);
  });
});
