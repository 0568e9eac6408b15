import { and, eq, sql } from 'drizzle-orm';
import { companies, usageReportLines, usageReports, users, type Db } from '@keyway/db';
import { addDays, today } from '../dates.ts';
import { licenseUnitsMonthlyFrom } from '../licenses/index.ts';
import type { JobQueue } from '../jobs/index.ts';
import { tierOf } from '../privileges.ts';
import type { Actor } from '../tenancy/index.ts';
import {
  approveUsageReport,
  autoSubmitUsageReports,
  createUsageReports,
  cycleStart,
  previousCycle,
  rejectUsageReport,
  shiftCycle,
  submitUsageReport,
  updateUsageReportLine,
} from '../usage-reports/index.ts';

/**
 * Usage reports for the two cycles before this one, in every status and every way of submission,
 * made by the same functions the console and the jobs call, so each carries its real history:
 *
 * - the cycle before last: all approved. Bluefin lowered a line with a comment and submitted;
 *   Summit lowered one without a comment and let the deadline pass, so it was submitted
 *   automatically with that line reset to provisioned; the tier-1s' own reports were submitted
 *   and approved.
 * - the last cycle: Bluefin is still preparing (the demo gives it three more days from today);
 *   Northwind's own report and Contoso's are under review; Summit's was rejected with a comment.
 *
 * First it writes the units the demo licenses held on each day of those cycles (license_units_daily,
 * as `licenses.daily` would have), since the licenses were created today with past start dates.
 * Runs once: nothing happens when the cycle before last has reports already. Needs the job queue
 * for the mails a rejection and an auto-submission send.
 */
export async function seedUsageReports(db: Db, jobs: JobQueue): Promise<void> {
  const day = today();
  const last = previousCycle(day);
  const beforeLast = shiftCycle(last, -1);
  const [seeded] = await db.select({ id: usageReports.id }).from(usageReports).where(eq(usageReports.cycle, cycleStart(beforeLast))).limit(1);
  if (seeded) return;

  await db.execute(sql`
    with written as (
    insert into license_units_daily (customer_id, channel_id, partner_id, product_id, unit_type, day, units)
    select l.company_id, min(l.channel_id::text)::uuid, min(l.partner_id::text)::uuid, l.product_id, l.unit_type, d::date, sum(l.units)
    from licenses l
    cross join generate_series(
      greatest(l.starts_on, ${cycleStart(beforeLast)}::date),
      least(case when l.status = 'expired' then l.expires_on else ${addDays(day, -1)}::date end, ${addDays(day, -1)}::date),
      interval '1 day'
    ) as d
    where l.version_type = 'full' and l.status in ('active', 'grace', 'expired')
    group by l.company_id, l.product_id, l.unit_type, d::date
    on conflict (customer_id, product_id, unit_type, day) do update set units = greatest(license_units_daily.units, excluded.units)
    returning customer_id, channel_id, partner_id, product_id, unit_type, day, units
    )
    ${licenseUnitsMonthlyFrom(sql`written`)}
  `);

  const northwind = await actorOf(db, 'billing-manager@northwind-distribution.example');
  const contoso = await actorOf(db, 'billing-manager@contoso-networks.example');
  const bluefin = await actorOf(db, 'billing-manager@bluefin-it.example');
  const summit = await actorOf(db, 'admin@summit-msp.example');

  // The cycle before last: everything approved.
  await createUsageReports(db, beforeLast);
  const old = await reportsOf(db, beforeLast);
  await lowerFirstLine(db, bluefin, old.get(bluefin.company.id), 'Two workstations were retired in the second week; the customer confirmed by email.');
  await submitUsageReport(db, bluefin, { reportId: old.get(bluefin.company.id)!, comment: 'Figures checked with each customer.' });
  await lowerFirstLine(db, summit, old.get(summit.company.id), null);
  for (const own of [northwind, contoso]) await submitUsageReport(db, own, { reportId: old.get(own.company.id)! });
  await autoSubmitUsageReports(db, jobs, day);
  for (const [reviewer, partner] of [
    [northwind, bluefin],
    [northwind, northwind],
    [contoso, summit],
    [contoso, contoso],
  ] as const) {
    await approveUsageReport(db, jobs, reviewer, { reportId: old.get(partner.company.id)! });
  }

  // The last cycle: preparing, under review and rejected.
  await createUsageReports(db, last);
  const recent = await reportsOf(db, last);
  await db
    .update(usageReports)
    .set({ dueOn: addDays(day, 3) })
    .where(and(eq(usageReports.id, recent.get(bluefin.company.id)!), sql`${usageReports.dueOn} < ${addDays(day, 3)}::date`));
  for (const own of [northwind, contoso]) await submitUsageReport(db, own, { reportId: recent.get(own.company.id)! });
  await lowerFirstLine(db, summit, recent.get(summit.company.id), 'Globex paused ten mailboxes during the office move.');
  await submitUsageReport(db, summit, { reportId: recent.get(summit.company.id)! });
  await rejectUsageReport(db, jobs, contoso, {
    reportId: recent.get(summit.company.id)!,
    comment: 'Globex had all thirty mailboxes in use in our portal that month: charge them at provisioned or send the evidence.',
  });
}

/** A demo user as the domain functions take it. */
export async function actorOf(db: Db, email: string): Promise<Actor> {
  const [row] = await db.select({ user: users, company: companies }).from(users).innerJoin(companies, eq(companies.id, users.companyId)).where(eq(users.email, email));
  if (!row) throw new Error(`The demo user ${email} is missing: seed the demo data first.`);
  return { userId: row.user.id, role: row.user.role, tier: tierOf(row.company), company: row.company, ip: null };
}

/** A cycle's reports by reporting company. */
async function reportsOf(db: Db, cycle: string): Promise<Map<string, string>> {
  const rows = await db.select({ id: usageReports.id, companyId: usageReports.companyId }).from(usageReports).where(eq(usageReports.cycle, cycleStart(cycle)));
  return new Map(rows.map((r) => [r.companyId, r.id]));
}

/** Charges the report's first line (by customer) that used less than provisioned at what was used. */
async function lowerFirstLine(db: Db, actor: Actor, reportId: string | undefined, comment: string | null): Promise<void> {
  if (!reportId) throw new Error(`No demo usage report to edit for company ${actor.company.id}.`);
  const [line] = await db
    .select()
    .from(usageReportLines)
    .innerJoin(companies, eq(companies.id, usageReportLines.companyId))
    .where(and(eq(usageReportLines.reportId, reportId), sql`${usageReportLines.used} < ${usageReportLines.provisioned}`))
    .orderBy(companies.name)
    .limit(1);
  if (!line) throw new Error(`The demo usage report ${reportId} has no line used below provisioned.`);
  await updateUsageReportLine(db, actor, { reportId, lineId: line.usage_report_lines.id, chargeable: line.usage_report_lines.used, comment });
}
