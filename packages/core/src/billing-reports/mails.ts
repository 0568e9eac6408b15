import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { companies, users, type BillingReport, type Db, type Tx } from '@keyway/db';
import { queueEmail, queueEmails } from '../email-notifications/index.ts';
import type { JobQueue } from '../jobs/index.ts';
import { formatMinor } from '../price-lists/index.ts';
import { pgArray } from '../sql.ts';
import { cycleStart } from '../usage-reports/index.ts';

/** Bills mailed per transaction by the mailing that follows a billing run. */
export const READY_BILL_MAIL_CHUNK = 200;

/** The console page of a bill. */
export const billingReportUrl = (origin: string | undefined, reportId: string) => `${(origin ?? '').replace(/\/$/, '')}/reports/billing/${reportId}`;

/** "1234.50" USD → "$1,234.50" in the reader's language, from the decimal text (never a float). */
export function moneyText(minor: bigint, currency: string, language: string): string {
  const decimal = formatMinor(minor, currency) as Intl.StringNumericLiteral;
  try {
    // A decimal string is formatted exactly as written (Intl.NumberFormat v3), not through a float.
    return new Intl.NumberFormat(language, { style: 'currency', currency }).format(decimal);
  } catch {
    return `${decimal} ${currency}`;
  }
}

/** The active billing managers of each tier-1: who hears about its bills. */
async function billingManagersOf(tx: Tx, tier1Ids: string[]) {
  const rows = tier1Ids.length === 0
    ? []
    : await tx
        .select({ id: users.id, email: users.email, name: users.name, language: users.language, companyId: users.companyId })
        .from(users)
        .where(and(inArray(users.companyId, tier1Ids), eq(users.role, 'billing_manager'), eq(users.status, 'active')))
        .orderBy(asc(users.createdAt));
  const out = new Map<string, typeof rows>();
  for (const row of rows) out.set(row.companyId, [...(out.get(row.companyId) ?? []), row]);
  return out;
}

type Bill = Pick<BillingReport, 'id' | 'companyId' | 'channelId' | 'cycle' | 'currency' | 'totalMinor' | 'purchaseOrder'>;

/** Names of the billed companies. */
async function namesOf(tx: Tx, ids: string[]) {
  const rows = await tx.select({ id: companies.id, name: companies.name }).from(companies).where(inArray(companies.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * The "billing report ready" mails of a cycle's bills that have not had them, a chunk of bills per
 * transaction (taken `for update skip locked`, mailed and marked), so a mailing that stopped
 * part-way resumes and none is mailed twice. Bills already submitted are marked without a mail.
 */
export async function mailReadyBills(db: Db, jobs: JobQueue, cycle: string, options: { origin?: string; channelId?: string; chunk?: number } = {}): Promise<number> {
  let mails = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const bills = await tx.execute<{ id: string; companyId: string; channelId: string; status: string; currency: string; totalMinor: string; lines: number }>(sql`
        select b.id, b.company_id as "companyId", b.channel_id as "channelId", b.status, b.currency, b.total_minor::text as "totalMinor",
          (select count(*)::int from billing_report_lines l where l.report_id = b.id) as lines
        from billing_reports b
        where b.cycle = ${cycleStart(cycle)}::date and b.ready_mailed_at is null
          ${options.channelId ? sql`and b.channel_id = ${options.channelId}::uuid` : sql``}
        order by b.id
        limit ${options.chunk ?? READY_BILL_MAIL_CHUNK}
        for update of b skip locked`);
      if (bills.length === 0) return null;
      const drafts = bills.filter((b) => b.status === 'draft');
      const recipients = await billingManagersOf(tx, [...new Set(drafts.map((b) => b.channelId))]);
      const names = await namesOf(tx, [...new Set(drafts.map((b) => b.companyId))]);
      const mails = drafts.flatMap((bill) =>
        (recipients.get(bill.channelId) ?? []).map((to) => ({
          event: 'billing-report-ready' as const,
          companyId: bill.channelId,
          to: { email: to.email, name: to.name, userId: to.id },
          language: to.language,
          variables: {
            recipientName: to.name,
            partnerName: names.get(bill.companyId) ?? '',
            cycle,
            invoiceTotal: moneyText(BigInt(bill.totalMinor), bill.currency, to.language),
            lineCount: bill.lines,
            reportUrl: billingReportUrl(options.origin, bill.id),
          },
          createdBy: null,
        })),
      );
      const queued = (await queueEmails(tx, jobs, mails)).filter((mail) => mail !== null).length;
      await tx.execute(sql`update billing_reports set ready_mailed_at = now() where id = any(${pgArray(bills.map((b) => b.id))}::uuid[])`);
      return queued;
    });
    if (done === null) return mails;
    mails += done;
  }
}

/** "Billing report returned" or "completed" to the tier-1's billing managers. */
export async function queueBillDecisionMails(
  tx: Tx,
  jobs: JobQueue,
  bill: Bill,
  decision: { event: 'billing-report-returned' | 'billing-report-completed'; reviewerName: string; comment: string | null; by: string },
  origin?: string,
): Promise<number> {
  const recipients = (await billingManagersOf(tx, [bill.channelId!])).get(bill.channelId!) ?? [];
  const names = await namesOf(tx, [bill.companyId]);
  let queued = 0;
  for (const to of recipients) {
    const common = {
      recipientName: to.name,
      partnerName: names.get(bill.companyId) ?? '',
      cycle: bill.cycle.slice(0, 7),
      invoiceTotal: moneyText(bill.totalMinor, bill.currency, to.language),
      purchaseOrder: bill.purchaseOrder ?? '',
      reportUrl: billingReportUrl(origin, bill.id),
    };
    const base = { companyId: bill.channelId!, to: { email: to.email, name: to.name, userId: to.id }, language: to.language, createdBy: decision.by };
    const mail =
      decision.event === 'billing-report-returned'
        ? await queueEmail(tx, jobs, {
            ...base,
            event: 'billing-report-returned',
            variables: { ...common, reviewerName: decision.reviewerName, returnComment: decision.comment ?? '' },
          })
        : await queueEmail(tx, jobs, { ...base, event: 'billing-report-completed', variables: common });
    if (mail) queued++;
  }
  return queued;
}
