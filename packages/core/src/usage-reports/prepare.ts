import { sql } from 'drizzle-orm';
import type { Db } from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { DomainError } from '../errors.ts';
import type { JobQueue } from '../jobs/index.ts';
import { cycleEnd, cycleStart, previousCycle } from './cycles.ts';
import { cycleFigures, cycleReportMissing } from './figures.ts';
import { queueReportReadyMails } from './mails.ts';
import { DEFAULT_AUTO_SUBMIT_DAYS } from './settings.ts';
import { pgArray } from '../sql.ts';

/** Reports mailed per transaction by the mailing that follows preparation. */
export const READY_MAIL_CHUNK = 200;

export interface CreateUsageReportsResult {
  cycle: string;
  /** Reports this run created (0 when the cycle had been prepared already). */
  reports: number;
  lines: number;
  ms: number;
}

export interface PrepareUsageReportsResult extends Omit<CreateUsageReportsResult, 'ms'> {
  mails: number;
  /** Time spent writing reports, lines and events, and then the mails. */
  ms: { figures: number; mails: number };
}

/**
 * `usage-reports.prepare`: the reports of `cycle` (YYYY-MM; the cycle that ended last when
 * absent), then the "usage report ready" mails. Each step can be run again: a second run creates
 * no report, and mails only the reports whose mails had not gone out (a run stopped part-way).
 */
export async function prepareUsageReports(
  db: Db,
  jobs: JobQueue,
  input: { cycle?: string; origin?: string } = {},
): Promise<PrepareUsageReportsResult> {
  const created = await createUsageReports(db, input.cycle);
  const began = performance.now();
  const mails = await mailReadyReports(db, jobs, created.cycle, { origin: input.origin });
  return { cycle: created.cycle, reports: created.reports, lines: created.lines, mails, ms: { figures: created.ms, mails: Math.round(performance.now() - began) } };
}

/**
 * One report per reporting company that has at least one line in `cycle`, with its lines
 * (chargeable starting at provisioned) and a `prepared` event, in one transaction. The figures
 * are read once into a temporary table and analysed, so the planner joins them to the reports by
 * hash with true row counts; reports, lines, events and audit entries are then one statement each,
 * so the cost is set-based whatever the number of partners. A report that exists already for its
 * company and cycle is left alone, and lines are written only for the reports this run created:
 * running it again creates nothing, and when every company with units in the cycle has its report
 * it does not read the figures at all.
 */
export async function createUsageReports(db: Db, cycleInput?: string): Promise<CreateUsageReportsResult> {
  const cycle = cycleInput ?? previousCycle();
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(cycle)) throw new DomainError('BAD_REQUEST', `${cycle} is not a cycle (YYYY-MM).`);
  const start = cycleStart(cycle);
  return db.transaction(async (tx) => {
    const began = performance.now();
    // A cycle already prepared (every company with units in it has its report) reads no figures.
    const [{ missing } = { missing: true }] = await tx.execute<{ missing: boolean }>(cycleReportMissing(cycle));
    if (!missing) return { cycle, reports: 0, lines: 0, ms: Math.round(performance.now() - began) };
    // The figures of a large cycle are hashed and sorted in memory rather than in batches on disk.
    await tx.execute(sql`set local work_mem = '64MB'`);
    await tx.execute(sql`create temporary table usage_report_figures on commit drop as ${cycleFigures(cycle)}`);
    await tx.execute(sql`analyze usage_report_figures`);
    const created = await tx.execute<{ id: string; companyId: string; channelId: string | null; partnerId: string | null; dueOn: string; customers: number }>(sql`
      with reporting as (
        select report_company_id, report_channel_id, report_partner_id, count(distinct customer_id)::int as customers
        from usage_report_figures
        group by report_company_id, report_channel_id, report_partner_id
      ),
      created as (
        insert into usage_reports (company_id, channel_id, partner_id, cycle, due_on)
        select r.report_company_id, r.report_channel_id, r.report_partner_id, ${start}::date,
          ${cycleEnd(cycle)}::date + coalesce(s.auto_submit_days, ${DEFAULT_AUTO_SUBMIT_DAYS})
        from reporting r
        left join usage_report_settings s on s.company_id = r.report_channel_id
        on conflict (company_id, cycle) do nothing
        returning id, company_id, channel_id, partner_id, due_on
      )
      select c.id, c.company_id as "companyId", c.channel_id as "channelId", c.partner_id as "partnerId",
        c.due_on::text as "dueOn", r.customers
      from created c
      join reporting r on r.report_company_id = c.company_id
    `);
    if (created.length === 0) return { cycle, reports: 0, lines: 0, ms: Math.round(performance.now() - began) };

    const ids = pgArray(created.map((r) => r.id));
    const lines = await tx.execute(sql`
      insert into usage_report_lines (report_id, channel_id, partner_id, company_id, product_id, unit_type, provisioned, used, chargeable)
      select r.id, r.channel_id, r.partner_id, f.customer_id, f.product_id, f.unit_type, f.provisioned, f.used, f.provisioned
      from usage_report_figures f
      join usage_reports r on r.company_id = f.report_company_id and r.cycle = ${start}::date
      where r.id = any(${ids}::uuid[])
      -- In the order of the (report, customer, product, unit type) key: each report's lines go to
      -- one place of its index rather than 200,000 random ones.
      order by r.id, f.customer_id, f.product_id, f.unit_type
    `);
    await tx.execute(sql`
      insert into usage_report_events (report_id, channel_id, partner_id, action)
      select id, channel_id, partner_id, 'prepared' from usage_reports where id = any(${ids}::uuid[])
    `);
    await writeAudit(
      tx,
      null,
      created.map((report) => ({
        company: { id: report.companyId, channelId: report.channelId, partnerId: report.partnerId, customerId: null },
        action: 'usage-report.prepare',
        targetType: 'usage-report',
        targetId: report.id,
        after: { cycle, dueOn: report.dueOn, customers: report.customers },
      })),
    );
    return { cycle, reports: created.length, lines: lines.count, ms: Math.round(performance.now() - began) };
  });
}

/**
 * The "usage report ready" mails of the cycle's reports that have not had them, a chunk of
 * reports per transaction (each taken `for update skip locked`, mailed and marked), so a mailing
 * that stopped part-way resumes where it stopped and none is mailed twice. Reports already
 * submitted by the time their turn comes are marked without a mail. Answers the mails queued.
 */
export async function mailReadyReports(db: Db, jobs: JobQueue, cycle: string, options: { origin?: string; chunk?: number } = {}): Promise<number> {
  let mails = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const reports = await tx.execute<{ id: string; companyId: string; status: string; dueOn: string; customers: number }>(sql`
        select r.id, r.company_id as "companyId", r.status, r.due_on::text as "dueOn",
          (select count(distinct l.company_id)::int from usage_report_lines l where l.report_id = r.id) as customers
        from usage_reports r
        where r.cycle = ${cycleStart(cycle)}::date and r.ready_mailed_at is null
        order by r.id
        limit ${options.chunk ?? READY_MAIL_CHUNK}
        for update of r skip locked`);
      if (reports.length === 0) return null;
      const queued = await queueReportReadyMails(
        tx,
        jobs,
        reports
          .filter((r) => r.status === 'preparing')
          .map((r) => ({ id: r.id, companyId: r.companyId, cycle: cycleStart(cycle), dueOn: r.dueOn, customerCount: r.customers })),
        options.origin,
      );
      await tx.execute(sql`update usage_reports set ready_mailed_at = now() where id = any(${pgArray(reports.map((r) => r.id))}::uuid[])`);
      return queued;
    });
    if (done === null) return mails;
    mails += done;
  }
}
