import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { companies, usageReportEvents, usageReportLines, usageReports } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { installJobs, withJobQueue } from '../jobs/index.ts';
import { createSeededDb } from '../testing/index.ts';
import { previousCycle, shiftCycle } from '../usage-reports/index.ts';
import { seedUsageReports } from './usage-reports.ts';

describe('seedUsageReports', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createSeededDb();
    await installJobs(t.url);
  });
  afterAll(async () => t?.drop());

  const reports = () =>
    t.db
      .select({ cycle: sql<string>`to_char(${usageReports.cycle}, 'YYYY-MM')`, company: companies.accountName, status: usageReports.status, submission: usageReports.submission })
      .from(usageReports)
      .innerJoin(companies, eq(companies.id, usageReports.companyId))
      .orderBy(asc(usageReports.cycle), asc(companies.accountName));

  it('leaves the two cycles before this one with reports in every status, each with its history, once', async () => {
    await withJobQueue(t.url, (jobs) => seedUsageReports(t.db, jobs));
    const last = previousCycle();
    const beforeLast = shiftCycle(last, -1);
    expect(await reports()).toEqual([
      { cycle: beforeLast, company: 'bluefin-it', status: 'approved', submission: 'manual' },
      { cycle: beforeLast, company: 'contoso-networks', status: 'approved', submission: 'manual' },
      { cycle: beforeLast, company: 'northwind-distribution', status: 'approved', submission: 'manual' },
      { cycle: beforeLast, company: 'summit-msp', status: 'approved', submission: 'automatic_with_penalty' },
      { cycle: last, company: 'bluefin-it', status: 'preparing', submission: null },
      { cycle: last, company: 'contoso-networks', status: 'under_review', submission: 'manual' },
      { cycle: last, company: 'northwind-distribution', status: 'under_review', submission: 'manual' },
      { cycle: last, company: 'summit-msp', status: 'rejected', submission: 'manual' },
    ]);
    const penalties = await t.db.select().from(usageReportLines).where(eq(usageReportLines.penalty, true));
    expect(penalties).toHaveLength(1);
    expect(penalties[0]!.chargeable).toBe(penalties[0]!.provisioned);
    const actions = await t.db.select({ action: usageReportEvents.action }).from(usageReportEvents);
    expect(new Set(actions.map((a) => a.action))).toEqual(new Set(['prepared', 'line_edited', 'submitted', 'auto_submitted', 'approved', 'rejected']));

    await withJobQueue(t.url, (jobs) => seedUsageReports(t.db, jobs));
    expect(await reports()).toHaveLength(8);
  });
});
