import { sql } from 'drizzle-orm';
import type { Db } from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { DomainError } from '../errors.ts';
import type { JobQueue } from '../jobs/index.ts';
import { cycleEnd, cycleStart, previousCycle } from './cycles.ts';
import { cycleFigures } from './figures.ts';
import { queueReportReadyMails } from './mails.ts';
import { DEFAULT_AUTO_SUBMIT_DAYS } from './settings.ts';

export interface PrepareUsageReportsResult {
  cycle: string;
  /** Reports this run created (0 when the cycle had been prepared already). */
  reports: number;
  lines: number;
  mails: number;
  /** Time spent writing reports, lines and events, and then the mails. */
  ms: { figures: number; mails: number };
}

/**
 * `usage-reports.prepare`: one report per reporting company that has at least one line in
 * `cycle` (YYYY-MM; the cycle that ended last when absent), with its lines (chargeable starting at
 * provisioned), a `prepared` event, and "usage report ready" mails to the company's administrators
 * and billing managers, all in one transaction. The reports, the lines and the events are one
 * statement each (data-modifying CTEs over one reading of the figures), so the cost is set-based
 * whatever the number of partners. A report that exists already for its company and cycle is left
 * alone, and lines are written only for the reports this run created: running it again creates
 * nothing and mails nobody.
 */
export async function prepareUsageReports(
  db: Db,
  jobs: JobQueue,
  input: { cycle?: string; origin?: string } = {},
): Promise<PrepareUsageReportsResult> {
  const cycle = input.cycle ?? previousCycle();
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(cycle)) throw new DomainError('BAD_REQUEST', `${cycle} is not a cycle (YYYY-MM).`);
  const start = cycleStart(cycle);
  return db.transaction(async (tx) => {
    const began = performance.now();
    const created = await tx.execute<{ id: string; companyId: string; channelId: string | null; partnerId: string | null; dueOn: string; customers: number; lines: number }>(sql`
      with figures as materialized (${cycleFigures(cycle)}),
      reporting as (
        select report_company_id, report_channel_id, report_partner_id, count(distinct customer_id)::int as customers
        from figures
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
      ),
      lines as (
        insert into usage_report_lines (report_id, channel_id, partner_id, company_id, product_id, unit_type, provisioned, used, chargeable)
        select c.id, c.channel_id, c.partner_id, f.customer_id, f.product_id, f.unit_type, f.provisioned, f.used, f.provisioned
        from figures f
        join created c on c.company_id = f.report_company_id
        returning 1
      ),
      events as (
        insert into usage_report_events (report_id, channel_id, partner_id, action)
        select id, channel_id, partner_id, 'prepared' from created
        returning 1
      )
      select c.id, c.company_id as "companyId", c.channel_id as "channelId", c.partner_id as "partnerId",
        c.due_on::text as "dueOn", r.customers, (select count(*)::int from lines) as lines,
        (select count(*)::int from events) as events
      from created c
      join reporting r on r.report_company_id = c.company_id
    `);
    const figuresMs = performance.now() - began;
    for (const report of created) {
      await writeAudit(tx, null, {
        company: { id: report.companyId, channelId: report.channelId, partnerId: report.partnerId, customerId: null },
        action: 'usage-report.prepare',
        targetType: 'usage-report',
        targetId: report.id,
        after: { cycle, dueOn: report.dueOn, customers: report.customers },
      });
    }
    const mails = await queueReportReadyMails(
      tx,
      jobs,
      created.map((r) => ({ id: r.id, companyId: r.companyId, cycle: start, dueOn: r.dueOn, customerCount: r.customers })),
      input.origin,
    );
    return {
      cycle,
      reports: created.length,
      lines: created[0]?.lines ?? 0,
      mails,
      ms: { figures: Math.round(figuresMs), mails: Math.round(performance.now() - began - figuresMs) },
    };
  });
}
