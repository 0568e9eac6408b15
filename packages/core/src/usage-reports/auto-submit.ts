import { sql } from 'drizzle-orm';
import type { Db } from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { addDays } from '../dates.ts';
import { DomainError } from '../errors.ts';
import { m } from '../i18n.ts';
import type { JobQueue } from '../jobs/index.ts';
import { autoApproveReports } from './actions.ts';
import { queueReportReminderMails } from './mails.ts';

/** The reminder goes out this many days before a report is submitted automatically. */
export const REMINDER_DAYS_BEFORE = 2;

export interface AutoSubmitResult {
  day: string;
  /** Reports whose company was reminded today. */
  reminded: number;
  mails: number;
  submitted: number;
  /** Of those, reports with lines reset to provisioned. */
  withPenalty: number;
  penaltyLines: number;
  autoApproved: number;
}

/**
 * `usage-reports.auto-submit` for `day` (YYYY-MM-DD):
 *
 * 1. reports still preparing that are submitted automatically within two days get a reminder
 *    mail, once (`reminder_sent_at`);
 * 2. reports still preparing whose due day has come are submitted: a line charged at other than
 *    provisioned without a comment is reset to provisioned and flagged as a penalty, and the
 *    submission says whether any was (automatic / automatic_with_penalty); each gets an
 *    `auto_submitted` event; a tier-1 that approves reports without comments has them approved.
 *
 * The reports are locked as they are taken, so a line edit in flight finishes first (and one that
 * waited finds the report under review). A second run for the day finds nothing left to do.
 */
export async function autoSubmitUsageReports(db: Db, jobs: JobQueue, day: string, options: { origin?: string } = {}): Promise<AutoSubmitResult> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
    throw new DomainError('BAD_REQUEST', m.usage_not_a_day({ day }));
  }
  const result: AutoSubmitResult = { day, reminded: 0, mails: 0, submitted: 0, withPenalty: 0, penaltyLines: 0, autoApproved: 0 };

  await db.transaction(async (tx) => {
    const reminded = await tx.execute<{ id: string; companyId: string; cycle: string; dueOn: string }>(sql`
      update usage_reports set reminder_sent_at = now()
      where status = 'preparing' and reminder_sent_at is null
        and due_on > ${day}::date and due_on <= ${addDays(day, REMINDER_DAYS_BEFORE)}::date
      returning id, company_id as "companyId", cycle::text as "cycle", due_on::text as "dueOn"`);
    result.reminded = reminded.length;
    result.mails = await queueReportReminderMails(tx, jobs, [...reminded], options.origin);
  });

  await db.transaction(async (tx) => {
    const submitted = await tx.execute<{
      id: string;
      companyId: string;
      channelId: string | null;
      partnerId: string | null;
      submission: 'automatic' | 'automatic_with_penalty';
      penaltyLines: number;
    }>(sql`
      with due as (
        select id from usage_reports where status = 'preparing' and due_on <= ${day}::date
        order by id
        for update
      ),
      penalized as (
        update usage_report_lines l set chargeable = l.provisioned, penalty = true, updated_at = now()
        from due
        where l.report_id = due.id and l.chargeable <> l.provisioned and l.comment is null
        returning l.report_id
      ),
      counted as (
        select report_id, count(*)::int as n from penalized group by report_id
      ),
      submitted as (
        update usage_reports r
        set status = 'under_review', submitted_at = now(), updated_at = now(),
          submission = (case when counted.n is null then 'automatic' else 'automatic_with_penalty' end)::usage_report_submission
        from due left join counted on counted.report_id = due.id
        where r.id = due.id
        returning r.id, r.company_id, r.channel_id, r.partner_id, r.submission, coalesce(counted.n, 0) as penalty_lines
      ),
      events as (
        insert into usage_report_events (report_id, channel_id, partner_id, action, comment)
        select id, channel_id, partner_id, 'auto_submitted',
          case when penalty_lines > 0 then penalty_lines || ' line(s) without a comment charged at provisioned.' end
        from submitted
      )
      select id, company_id as "companyId", channel_id as "channelId", partner_id as "partnerId", submission::text as "submission",
        penalty_lines as "penaltyLines"
      from submitted`);
    for (const report of submitted) {
      await writeAudit(tx, null, {
        company: { id: report.companyId, channelId: report.channelId, partnerId: report.partnerId, customerId: null },
        action: 'usage-report.auto-submit',
        targetType: 'usage-report',
        targetId: report.id,
        before: { status: 'preparing' },
        after: { status: 'under_review', submission: report.submission, penaltyLines: report.penaltyLines },
      });
    }
    const approved = await autoApproveReports(
      tx,
      submitted.map((r) => r.id),
    );
    for (const id of approved) {
      const report = submitted.find((r) => r.id === id)!;
      await writeAudit(tx, null, {
        company: { id: report.companyId, channelId: report.channelId, partnerId: report.partnerId, customerId: null },
        action: 'usage-report.auto-approve',
        targetType: 'usage-report',
        targetId: id,
        before: { status: 'under_review' },
        after: { status: 'approved' },
      });
    }
    result.submitted = submitted.length;
    result.withPenalty = submitted.filter((r) => r.penaltyLines > 0).length;
    result.penaltyLines = submitted.reduce((sum, r) => sum + r.penaltyLines, 0);
    result.autoApproved = approved.length;
  });
  return result;
}
