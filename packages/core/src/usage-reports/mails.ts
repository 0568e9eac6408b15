import { and, asc, eq, inArray } from 'drizzle-orm';
import { companies, users, type Tx } from '@keyway/db';
import type { EmailEvent, EmailVariableInput } from '@keyway/email';
import { queueEmails } from '../email-notifications/index.ts';
import type { JobQueue } from '../jobs/index.ts';
import { longDate } from '../dates.ts';
import { submitByOf } from './cycles.ts';

/** Who hears about a report: the reporting company's administrators and billing managers. */
const RECIPIENT_ROLES = ['admin', 'billing_manager'] as const;

export interface ReportMailTarget {
  id: string;
  companyId: string;
  /** YYYY-MM-01 */
  cycle: string;
  dueOn: string;
}

/** The console page of a report. */
export const reportUrl = (origin: string | undefined, reportId: string) =>
  `${(origin ?? '').replace(/\/$/, '')}/reports/usage/${reportId}`;

type Recipient = { id: string; email: string; name: string; language: string; companyName: string };

/** The active administrators and billing managers of each company, read in one query. */
async function recipientsOf(tx: Tx, companyIds: string[]): Promise<Map<string, Recipient[]>> {
  if (companyIds.length === 0) return new Map();
  const rows = await tx
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      language: users.language,
      companyId: users.companyId,
      companyName: companies.name,
    })
    .from(users)
    .innerJoin(companies, eq(companies.id, users.companyId))
    .where(and(inArray(users.companyId, companyIds), inArray(users.role, [...RECIPIENT_ROLES]), eq(users.status, 'active')))
    .orderBy(asc(users.createdAt));
  const out = new Map<string, Recipient[]>();
  for (const row of rows) out.set(row.companyId, [...(out.get(row.companyId) ?? []), row]);
  return out;
}

/**
 * One mail of `event` to every administrator and billing manager of each report's company, the
 * variables made per report and recipient (in the recipient's language). Returns the mails queued
 * (a disabled template queues none).
 */
async function queueReportMails<E extends EmailEvent, R extends ReportMailTarget>(
  tx: Tx,
  jobs: JobQueue,
  event: E,
  reports: readonly R[],
  variables: (report: R, to: Recipient) => EmailVariableInput<E>,
  createdBy: string | null = null,
): Promise<number> {
  const recipients = await recipientsOf(tx, reports.map((r) => r.companyId));
  const mails = reports.flatMap((report) =>
    (recipients.get(report.companyId) ?? []).map((to) => ({
      event,
      companyId: report.companyId,
      to: { email: to.email, name: to.name, userId: to.id },
      language: to.language,
      variables: variables(report, to),
      createdBy,
    })),
  );
  const queued = await queueEmails(tx, jobs, mails);
  return queued.filter((mail) => mail !== null).length;
}

/** "Usage report ready" to each prepared report's company. Returns the mails queued. */
export function queueReportReadyMails(
  tx: Tx,
  jobs: JobQueue,
  reports: (ReportMailTarget & { customerCount: number })[],
  origin?: string,
): Promise<number> {
  return queueReportMails(tx, jobs, 'usage-report-ready', reports, (report, to) => ({
    recipientName: to.name,
    partnerName: to.companyName,
    cycle: report.cycle.slice(0, 7),
    submitBy: longDate(submitByOf(report.dueOn), to.language),
    customerCount: report.customerCount,
    reportUrl: reportUrl(origin, report.id),
  }));
}

/** "Usage report reminder" to each report's company, two days before it is submitted automatically. */
export function queueReportReminderMails(tx: Tx, jobs: JobQueue, reports: ReportMailTarget[], origin?: string): Promise<number> {
  return queueReportMails(tx, jobs, 'usage-report-reminder', reports, (report, to) => ({
    recipientName: to.name,
    partnerName: to.companyName,
    cycle: report.cycle.slice(0, 7),
    submitBy: longDate(submitByOf(report.dueOn), to.language),
    reportUrl: reportUrl(origin, report.id),
  }));
}

/** "Usage report rejected" to the report's company, with the reviewer's comment. */
export function queueReportRejectedMails(
  tx: Tx,
  jobs: JobQueue,
  report: ReportMailTarget,
  review: { reviewerName: string; comment: string; by: string },
  origin?: string,
): Promise<number> {
  return queueReportMails(
    tx,
    jobs,
    'usage-report-rejected',
    [report],
    (r, to) => ({
      recipientName: to.name,
      partnerName: to.companyName,
      cycle: r.cycle.slice(0, 7),
      reviewerName: review.reviewerName,
      rejectionComment: review.comment,
      reportUrl: reportUrl(origin, r.id),
    }),
    review.by,
  );
}
