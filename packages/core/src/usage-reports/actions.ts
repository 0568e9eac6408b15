import { and, eq, inArray, sql } from 'drizzle-orm';
import { companyCards, usageReportEvents, usageReportLines, usageReports, users, type Db, type Tx, type UsageReport } from '@keyway/db';
import type { z } from 'zod';
import { writeAudit } from '../audit/index.ts';
import { DomainError, notFound } from '../errors.ts';
import type { JobQueue } from '../jobs/index.ts';
import { pgArray } from '../sql.ts';
import type { Actor } from '../tenancy/index.ts';
import { queueReportRejectedMails } from './mails.ts';
import {
  USAGE_REPORT_EDITABLE,
  ZApproveUsageReportInput,
  ZRejectUsageReportInput,
  ZSubmitUsageReportInput,
  ZUpdateUsageReportLineInput,
  type UsageReportLineView,
} from './model.ts';
import { reportInScope, reportLines, statusText } from './reports.ts';
import { formatCount, m } from '../i18n.ts';

const units = (n: number) => m.usage_units({ count: n, n: formatCount(n) });

/** The report's stamps, for its events and its audit rows. */
const stampsOf = (report: Pick<UsageReport, 'companyId' | 'channelId' | 'partnerId'>) => ({
  id: report.companyId,
  channelId: report.channelId,
  partnerId: report.partnerId,
  customerId: null,
});

/** Only the reporting company edits and submits its report; its tier-1 reads and reviews it. */
async function assertOwnReport(db: Db | Tx, actor: Actor, report: UsageReport) {
  if (report.companyId === actor.company.id) return;
  const [company] = await db.select({ name: companyCards.name }).from(companyCards).where(eq(companyCards.id, report.companyId));
  throw new DomainError('FORBIDDEN', m.usage_only_owner_changes({ company: company?.name ?? m.usage_reporting_partner() }));
}

/** Only the tier-1 above a report (its own included) reviews it. */
function assertReviewer(actor: Actor, report: UsageReport) {
  if (actor.tier === 'tier1' && report.channelId === actor.company.id) return;
  throw new DomainError('FORBIDDEN', m.usage_only_parent_reviews());
}

/** " by Ada Lovelace" after a report's decision, or nothing when nobody is known. */
export const reviewedBy = (reviewer: string | null) => (reviewer ? m.reports_by({ person: reviewer }) : '');
/** " on 2026-11-05 10:00 UTC" after a report's step, or nothing when the time is not known. */
export const happenedOn = (at: Date | null) => (at ? m.reports_on({ at: at.toISOString().slice(0, 16).replace('T', ' ') }) : '');

/** What happened to a report, when a change finds it no longer where the caller saw it. */
async function whatHappened(tx: Tx, reportId: string): Promise<string> {
  const [row] = await tx
    .select({ status: usageReports.status, reviewedAt: usageReports.reviewedAt, reviewer: users.name, submittedAt: usageReports.submittedAt })
    .from(usageReports)
    .leftJoin(users, eq(users.id, usageReports.reviewedBy))
    .where(eq(usageReports.id, reportId));
  if (!row) return m.usage_gone();
  const by = reviewedBy(row.reviewer);
  switch (row.status) {
    case 'approved':
      return m.usage_already_approved({ by, on: happenedOn(row.reviewedAt) });
    case 'rejected':
      return m.usage_already_rejected({ by, on: happenedOn(row.reviewedAt) });
    case 'under_review':
      return m.usage_already_submitted({ on: happenedOn(row.submittedAt) });
    case 'preparing':
      return m.usage_still_preparing();
  }
}

/**
 * Changes one line's chargeable units and comment. Only the reporting company, only while the
 * report is preparing or rejected; chargeable may go down to used (never below) and no higher
 * than provisioned, or than used when more was used than provisioned, and going back to
 * provisioned is always allowed. A line charged at anything but provisioned may be saved without
 * its comment, to write later: submitting needs it, and the auto-submit resets such a line.
 * The report row stays locked until the edit commits, so a submission waits for it and then sees
 * it (and an edit that waited for a submission finds the report no longer editable).
 */
export async function updateUsageReportLine(db: Db, actor: Actor, input: z.input<typeof ZUpdateUsageReportLineInput>): Promise<UsageReportLineView> {
  const parsed = ZUpdateUsageReportLineInput.parse(input);
  return db.transaction(async (tx) => {
    const report = await reportInScope(tx, actor, parsed.reportId, { forUpdate: true });
    await assertOwnReport(tx, actor, report);
    if (!USAGE_REPORT_EDITABLE.includes(report.status)) {
      throw new DomainError(
        'CONFLICT',
        m.usage_not_editable({ status: statusText(report.status) }),
      );
    }
    const [line] = await tx
      .select()
      .from(usageReportLines)
      .where(and(eq(usageReportLines.id, parsed.lineId), eq(usageReportLines.reportId, report.id)));
    if (!line) throw notFound(m.not_found_report_line());

    const { chargeable } = parsed;
    const highest = Math.max(line.provisioned, line.used);
    if (chargeable !== line.provisioned) {
      if (chargeable < line.used) {
        throw new DomainError('BAD_REQUEST', m.usage_chargeable_below_used({ used: units(line.used) }), { field: 'chargeable' });
      }
      if (chargeable > highest) {
        throw new DomainError(
          'BAD_REQUEST',
          line.used > line.provisioned
            ? `Chargeable units cannot be above the ${units(line.used)} used.`
            : `Chargeable units cannot be above the ${units(line.provisioned)} provisioned.`,
          { field: 'chargeable' },
        );
      }
    }
    const comment = parsed.comment === undefined ? line.comment : parsed.comment?.trim() || null;
    const before = { chargeable: line.chargeable, comment: line.comment };
    const after = { chargeable, comment };
    if (before.chargeable !== after.chargeable || before.comment !== after.comment) {
      await tx.update(usageReportLines).set({ chargeable, comment, updatedAt: new Date() }).where(eq(usageReportLines.id, line.id));
      await tx.update(usageReports).set({ updatedAt: new Date() }).where(eq(usageReports.id, report.id));
      await tx.insert(usageReportEvents).values({
        reportId: report.id,
        channelId: report.channelId,
        partnerId: report.partnerId,
        action: 'line_edited',
        actorUserId: actor.userId,
        actorCompanyId: actor.company.id,
        lineId: line.id,
        before,
        after,
      });
      await writeAudit(tx, actor, {
        company: stampsOf(report),
        action: 'usage-report.line-edit',
        targetType: 'usage-report-line',
        targetId: line.id,
        before,
        after,
      });
    }
    const [view] = await reportLines(tx, report.id, line.id);
    return view!;
  });
}

/**
 * Approves at once the reports, among `reportIds` and under review, whose tier-1 approves reports
 * without comments, when neither the submission nor any line carries one. One statement for the
 * reports and one for their events; answers the ids approved.
 */
export async function autoApproveReports(tx: Tx, reportIds: string[]): Promise<string[]> {
  if (reportIds.length === 0) return [];
  const approved = await tx.execute<{ id: string }>(sql`
    with approved as (
      update usage_reports r set status = 'approved', reviewed_at = now(), updated_at = now()
      from usage_report_settings s
      where r.id = any(${pgArray(reportIds)}::uuid[])
        and s.company_id = r.channel_id and s.auto_approve_without_comments
        and r.status = 'under_review' and r.submit_comment is null
        and not exists (select 1 from usage_report_lines l where l.report_id = r.id and l.comment is not null)
      returning r.id, r.channel_id, r.partner_id
    ), events as (
      insert into usage_report_events (report_id, channel_id, partner_id, action)
      select id, channel_id, partner_id, 'auto_approved' from approved
    )
    select id from approved`);
  return approved.map((r) => r.id);
}

/**
 * The reporting company submits its report for review (from preparing, or again after a
 * rejection). Refused while a line charged at other than provisioned has no comment. When the
 * tier-1 approves reports without comments and nothing carries one, it is approved at once.
 */
export async function submitUsageReport(db: Db, actor: Actor, input: z.input<typeof ZSubmitUsageReportInput>) {
  const parsed = ZSubmitUsageReportInput.parse(input);
  const comment = parsed.comment?.trim() || null;
  return db.transaction(async (tx) => {
    const report = await reportInScope(tx, actor, parsed.reportId);
    await assertOwnReport(tx, actor, report);
    // The update takes the report's row lock: a line edit in flight finishes first, and one that
    // comes after finds the report under review.
    const [submitted] = await tx
      .update(usageReports)
      .set({
        status: 'under_review',
        submission: 'manual',
        submittedAt: new Date(),
        submittedBy: actor.userId,
        submitComment: comment,
        updatedAt: new Date(),
      })
      .where(and(eq(usageReports.id, report.id), inArray(usageReports.status, ['preparing', 'rejected'])))
      .returning();
    if (!submitted) throw new DomainError('CONFLICT', await whatHappened(tx, report.id));
    const missing = await tx
      .select({ id: usageReportLines.id })
      .from(usageReportLines)
      .where(
        and(
          eq(usageReportLines.reportId, report.id),
          sql`${usageReportLines.chargeable} <> ${usageReportLines.provisioned}`,
          sql`${usageReportLines.comment} is null`,
        ),
      );
    if (missing.length > 0) {
      throw new DomainError(
        'CONFLICT',
        m.usage_lines_uncommented({ count: missing.length, n: String(missing.length) }),
        { lineIds: missing.map((m) => m.id) },
      );
    }
    await tx.insert(usageReportEvents).values({
      reportId: report.id,
      channelId: report.channelId,
      partnerId: report.partnerId,
      action: 'submitted',
      actorUserId: actor.userId,
      actorCompanyId: actor.company.id,
      comment,
    });
    await writeAudit(tx, actor, {
      company: stampsOf(report),
      action: 'usage-report.submit',
      targetType: 'usage-report',
      targetId: report.id,
      before: { status: report.status },
      after: { status: 'under_review', comment },
    });
    const approved = await autoApproveReports(tx, [report.id]);
    if (approved.length > 0) {
      await writeAudit(tx, actor, {
        company: stampsOf(report),
        action: 'usage-report.auto-approve',
        targetType: 'usage-report',
        targetId: report.id,
        before: { status: 'under_review' },
        after: { status: 'approved' },
      });
    }
    return { id: report.id, status: approved.length > 0 ? ('approved' as const) : ('under_review' as const) };
  });
}

/**
 * The tier-1 above a report approves or rejects it while it is under review. The change is one
 * conditional update, so of two reviewers deciding at once exactly one wins and the other is told
 * what the first did (409). A rejection needs a comment and mails it to the partner.
 */
async function review(
  db: Db,
  jobs: JobQueue,
  actor: Actor,
  reportId: string,
  decision: 'approved' | 'rejected',
  comment: string | null,
  origin?: string,
) {
  return db.transaction(async (tx) => {
    const report = await reportInScope(tx, actor, reportId);
    assertReviewer(actor, report);
    const [reviewed] = await tx
      .update(usageReports)
      .set({ status: decision, reviewedAt: new Date(), reviewedBy: actor.userId, reviewComment: comment, updatedAt: new Date() })
      .where(and(eq(usageReports.id, report.id), eq(usageReports.status, 'under_review')))
      .returning();
    if (!reviewed) throw new DomainError('CONFLICT', await whatHappened(tx, report.id));
    await tx.insert(usageReportEvents).values({
      reportId: report.id,
      channelId: report.channelId,
      partnerId: report.partnerId,
      action: decision,
      actorUserId: actor.userId,
      actorCompanyId: actor.company.id,
      comment,
    });
    await writeAudit(tx, actor, {
      company: stampsOf(report),
      action: decision === 'approved' ? 'usage-report.approve' : 'usage-report.reject',
      targetType: 'usage-report',
      targetId: report.id,
      before: { status: 'under_review' },
      after: { status: decision, comment },
    });
    if (decision === 'rejected' && comment) {
      const [reviewer] = await tx.select({ name: companyCards.name }).from(companyCards).where(eq(companyCards.id, actor.company.id));
      await queueReportRejectedMails(
        tx,
        jobs,
        { id: report.id, companyId: report.companyId, cycle: report.cycle, dueOn: report.dueOn },
        { reviewerName: reviewer?.name ?? '', comment, by: actor.userId },
        origin,
      );
    }
    return { id: report.id, status: decision };
  });
}

export async function approveUsageReport(db: Db, jobs: JobQueue, actor: Actor, input: z.input<typeof ZApproveUsageReportInput>) {
  const { reportId, comment } = ZApproveUsageReportInput.parse(input);
  return review(db, jobs, actor, reportId, 'approved', comment?.trim() || null);
}

export async function rejectUsageReport(
  db: Db,
  jobs: JobQueue,
  actor: Actor,
  input: z.input<typeof ZRejectUsageReportInput>,
  context: { origin?: string } = {},
) {
  const { reportId, comment } = ZRejectUsageReportInput.parse(input);
  const reason = comment.trim();
  if (!reason) throw new DomainError('BAD_REQUEST', m.usage_reject_reason(), { field: 'comment' });
  return review(db, jobs, actor, reportId, 'rejected', reason, context.origin);
}
