import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, Executor } from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { addDays, today } from '../dates.ts';
import { DomainError } from '../errors.ts';
import { m } from '../i18n.ts';
import { billingRun, type JobQueue } from '../jobs/index.ts';
import { DEFAULT_CURRENCY, lineAmountSql } from '../price-lists/index.ts';
import { pgArray } from '../sql.ts';
import type { Actor } from '../tenancy/index.ts';
import { cycleEnd, cycleOf, cycleStart } from '../usage-reports/index.ts';
import { mailReadyBills } from './mails.ts';
import { ZRunBillingInput, type BillingRunQueued } from './model.ts';

/** The day whose prices and margins price a cycle: its last. */
export const pricedOnOf = (cycle: string): string => addDays(cycleEnd(cycle), -1);

/** A finished cycle: one that ended before `day`'s month. */
function assertFinished(cycle: string, day: string) {
  if (cycleStart(cycle) >= cycleStart(cycleOf(day))) {
    throw new DomainError('BAD_REQUEST', m.billing_cycle_not_ended({ cycle }), { field: 'cycle' });
  }
}

/**
 * The list prices and margins of the lines of `bills` (a relation with `id`, `channel_id`,
 * `currency` and `priced_on` per bill, one cycle's), joined by hash: the price version in effect on
 * the day priced, per product × unit type × currency, and the tier-1's margin for the product in
 * effect that day, or else its default, or else none. Answers `line_id` (the usage line),
 * `report_id`, `price` (null when there is none) and `margin`.
 */
export function listPricingSql(bills: SQL, pricedOn: string): SQL {
  return sql`
    with prices as (
      select distinct on (product_id, unit_type, currency) product_id, unit_type, currency, unit_price_minor
      from unit_prices where effective_from <= ${pricedOn}::date
      order by product_id, unit_type, currency, effective_from desc
    ), margins as (
      select distinct on (company_id, product_id) company_id, product_id, margin_bps
      from channel_margins where effective_from <= ${pricedOn}::date
      order by company_id, product_id, effective_from desc
    )
    select b.id as report_id, b.channel_id, b.partner_id, ul.id as line_id, ul.company_id, ul.product_id, ul.unit_type, ul.chargeable,
      p.unit_price_minor as price, coalesce(mp.margin_bps, md.margin_bps, 0) as margin
    from ${bills} b
    join usage_report_lines ul on ul.report_id = b.usage_report_id
    left join prices p on p.product_id = ul.product_id and p.unit_type = ul.unit_type and p.currency = b.currency
    left join margins mp on mp.company_id = b.channel_id and mp.product_id = ul.product_id
    left join margins md on md.company_id = b.channel_id and md.product_id is null`;
}

/** Recomputes the totals of `reportIds` from their lines, in one statement. */
export async function refreshTotals(tx: Executor, reportIds: string[]): Promise<void> {
  await tx.execute(sql`
    update billing_reports b set total_minor = coalesce(s.total, 0), updated_at = now()
    from (select r.id, (select sum(l.amount_minor) from billing_report_lines l where l.report_id = r.id) as total
      from unnest(${pgArray(reportIds)}::uuid[]) as r(id)) s
    where b.id = s.id`);
}

export interface CreateBillingReportsResult {
  cycle: string;
  /** Bills this run drafted (0 when every approved report had one already). */
  reports: number;
  lines: number;
  ms: number;
}

/**
 * Drafts a bill for every approved usage report of `cycle` (of one tier-1, or of all) that has
 * none, in one transaction of set-based statements: the bills, then all their lines priced with the
 * list in effect on the cycle's last day, the totals, the events and the audit entries. The bill's
 * unique key on its usage report makes it idempotent: a report that has a bill is skipped by
 * `on conflict do nothing`, and a run that meets another run's uncommitted bill waits for it and
 * then skips it, so two runs at once draft each bill once. Lines are written only for the bills
 * this run drafted. A usage report approved after a run gets its bill from the next.
 */
export async function createBillingReports(db: Db, input: { cycle: string; channelId?: string; actor?: Actor | null }): Promise<CreateBillingReportsResult> {
  const { cycle, channelId } = input;
  const start = cycleStart(cycle);
  const pricedOn = pricedOnOf(cycle);
  return db.transaction(async (tx) => {
    const began = performance.now();
    const created = await tx.execute<{ id: string; companyId: string; channelId: string; partnerId: string | null; usageReportId: string; currency: string }>(sql`
      insert into billing_reports (usage_report_id, company_id, channel_id, partner_id, cycle, currency, priced_on)
      select r.id, r.company_id, r.channel_id, r.partner_id, r.cycle, coalesce(ba.currency, ${DEFAULT_CURRENCY}), ${pricedOn}::date
      from usage_reports r
      left join billing_accounts ba on ba.company_id = r.channel_id
      where r.cycle = ${start}::date and r.status = 'approved'
        ${channelId ? sql`and r.channel_id = ${channelId}::uuid` : sql``}
        and not exists (select 1 from billing_reports e where e.usage_report_id = r.id)
      order by r.id
      on conflict (usage_report_id) do nothing
      returning id, company_id as "companyId", channel_id as "channelId", partner_id as "partnerId", usage_report_id as "usageReportId", currency`);
    if (created.length === 0) return { cycle, reports: 0, lines: 0, ms: Math.round(performance.now() - began) };

    const ids = pgArray(created.map((r) => r.id));
    // The priced lines are hashed and sorted in memory rather than in batches on disk.
    await tx.execute(sql`set local work_mem = '64MB'`);
    const bills = sql`(select id, usage_report_id, channel_id, partner_id, currency from billing_reports where id = any(${ids}::uuid[]))`;
    const lines = await tx.execute(sql`
      insert into billing_report_lines (report_id, channel_id, partner_id, usage_report_line_id, company_id, product_id, unit_type,
        chargeable, list_unit_price_minor, list_margin_bps, unit_price_minor, margin_bps, amount_minor)
      select report_id, channel_id, partner_id, line_id, company_id, product_id, unit_type, chargeable, price, margin, price, margin,
        ${lineAmountSql(sql`chargeable`, sql`price`, sql`margin`)}
      from (${listPricingSql(bills, pricedOn)}) priced
      -- In the order of the (bill, usage line) key: each bill's lines go to one place of its index.
      order by report_id, line_id`);
    await tx.execute(sql`
      update billing_reports b set total_minor = coalesce(s.total, 0)
      from (select report_id, sum(amount_minor) as total from billing_report_lines where report_id = any(${ids}::uuid[]) group by report_id) s
      where b.id = s.report_id`);
    await tx.execute(sql`
      insert into billing_report_events (report_id, channel_id, partner_id, action, actor_user_id, actor_company_id)
      select id, channel_id, partner_id, 'drafted', ${input.actor?.userId ?? null}::uuid, ${input.actor?.company.id ?? null}::uuid
      from billing_reports where id = any(${ids}::uuid[])`);
    await writeAudit(
      tx,
      input.actor ?? null,
      created.map((bill) => ({
        company: { id: bill.companyId, channelId: bill.channelId, partnerId: bill.partnerId, customerId: null },
        action: 'billing-report.draft',
        targetType: 'billing-report',
        targetId: bill.id,
        after: { cycle, usageReportId: bill.usageReportId, currency: bill.currency, pricedOn },
      })),
    );
    return { cycle, reports: created.length, lines: lines.count, ms: Math.round(performance.now() - began) };
  });
}

export interface BillingRunResult extends CreateBillingReportsResult {
  mails: number;
}

/** `billing.run`: drafts the cycle's bills, then mails the tier-1s' billing managers that they are ready. */
export async function runBilling(db: Db, jobs: JobQueue, input: { cycle: string; channelId?: string; origin?: string }): Promise<BillingRunResult> {
  const created = await createBillingReports(db, input);
  const mails = await mailReadyBills(db, jobs, input.cycle, { origin: input.origin, channelId: input.channelId });
  return { ...created, mails };
}

/**
 * "Run billing" (a tier-1): checks the cycle is over and enqueues `billing.run` for the tier-1's
 * approved usage reports of it, in the request's transaction. Answers how many reports are still
 * without a bill; running it again when none is left drafts nothing.
 */
export async function queueBillingRun(db: Db, jobs: JobQueue, actor: Actor, input: z.input<typeof ZRunBillingInput>, day = today()): Promise<BillingRunQueued> {
  const { cycle } = ZRunBillingInput.parse(input);
  if (actor.tier !== 'tier1') throw new DomainError('FORBIDDEN', m.billing_only_parent_runs());
  assertFinished(cycle, day);
  return db.transaction(async (tx) => {
    const [row] = await tx.execute<{ pending: number; approved: number }>(sql`
      select count(*) filter (where not exists (select 1 from billing_reports b where b.usage_report_id = r.id))::int as pending,
        count(*)::int as approved
      from usage_reports r
      where r.channel_id = ${actor.company.id}::uuid and r.cycle = ${cycleStart(cycle)}::date and r.status = 'approved'`);
    if (row!.approved === 0) {
      throw new DomainError('CONFLICT', m.billing_none_approved({ cycle }));
    }
    const jobId = await jobs.send(tx, billingRun, { cycle, channelId: actor.company.id });
    await writeAudit(tx, actor, {
      company: { id: actor.company.id, channelId: actor.company.channelId, partnerId: null, customerId: null },
      action: 'billing-report.run',
      after: { cycle, pending: row!.pending, jobId },
    });
    return { cycle, jobId, pending: row!.pending };
  });
}
