import { and, count, eq, gte, ilike, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { keyset, ZPageCursor } from '../paging.ts';
import { likeEscape } from '../sql.ts';
import { said, ZDateTime, ZText } from '../validation.ts';
import { companies, emailMessages, emailStatus, type Db } from '@keyway/db';
import { EMAIL_EVENTS, isEmailEvent, secretVariables } from '@keyway/email';
import { writeAudit } from '../audit/index.ts';
import { DomainError, notFound } from '../errors.ts';
import { emailSend, type JobQueue } from '../jobs/index.ts';
import { sendPayloads } from './queue.ts';
import { scopeOf, type Actor } from '../tenancy/index.ts';
import { formatCount, m } from '../i18n.ts';

const ZCommonFilters = z.object({
  from: ZDateTime(m.mails_start_date).optional(),
  to: ZDateTime(m.mails_end_date).optional(),
  event: z.enum(EMAIL_EVENTS).optional(),
  companyId: z.uuid(said(m.validation_company_id)).optional(),
  recipient: ZText(254, { tooLong: () => m.validation_search_too_long({ max: formatCount(254) }) }).optional(),
});

export const ZListSentInput = z.object({
  cursor: ZPageCursor.optional(),
  limit: z.number().int().min(1).max(100).default(25),
  filters: ZCommonFilters.extend({
    status: z.enum(emailStatus.enumValues.filter((s) => s !== 'scheduled') as ['queued']).optional(),
  }).default({}),
});
export const ZListScheduledInput = z.object({
  cursor: ZPageCursor.optional(),
  limit: z.number().int().min(1).max(100).default(25),
  filters: ZCommonFilters.default({}),
});
export const ZMessageIdInput = z.object({ id: z.uuid(said(m.mails_id_invalid)) });
export const ZMessageIdsInput = z.object({
  ids: z.array(z.uuid(said(m.mails_id_invalid))).min(1, said(m.mails_select_min)).max(500, said(m.mails_select_max)),
});
export const ZRescheduleInput = ZMessageIdsInput.extend({
  scheduledFor: ZDateTime(m.mails_send_date),
});

const listColumns = {
  id: emailMessages.id,
  event: emailMessages.event,
  language: emailMessages.language,
  companyId: emailMessages.companyId,
  companyName: companies.name,
  recipientEmail: emailMessages.recipientEmail,
  recipientName: emailMessages.recipientName,
  subject: emailMessages.subject,
  status: emailMessages.status,
  scheduledFor: emailMessages.scheduledFor,
  sentAt: emailMessages.sentAt,
  attempts: emailMessages.attempts,
  lastError: emailMessages.lastError,
  resentFromId: emailMessages.resentFromId,
  createdAt: emailMessages.createdAt,
};

function commonWhere(actor: Actor, filters: z.infer<typeof ZCommonFilters>, dateColumn: typeof emailMessages.createdAt | typeof emailMessages.scheduledFor): SQL[] {
  const where: SQL[] = [scopeOf(actor, emailMessages)];
  if (filters.from) where.push(gte(dateColumn, filters.from));
  if (filters.to) where.push(lte(dateColumn, filters.to));
  if (filters.event) where.push(eq(emailMessages.event, filters.event));
  if (filters.companyId) where.push(eq(emailMessages.companyId, filters.companyId));
  if (filters.recipient) {
    where.push(ilike(emailMessages.recipientEmail, `%${likeEscape(filters.recipient.toLowerCase())}%`));
  }
  return where;
}

/** Sent Mails: every mail of the actor's subtree that is not waiting for its date, newest first. */
export async function listSentEmails(db: Db, actor: Actor, input: z.input<typeof ZListSentInput>) {
  const { cursor, limit, filters } = ZListSentInput.parse(input);
  const where = commonWhere(actor, filters, emailMessages.createdAt);
  where.push(sql`${emailMessages.status} <> 'scheduled'`);
  if (filters.status) where.push(eq(emailMessages.status, filters.status));
  const keys = keyset('email-notifications.sent:createdAt:desc', 'desc', [
    { column: emailMessages.createdAt, type: 'timestamptz' },
    { column: emailMessages.id, type: 'uuid' },
  ]);
  const [rows, [total]] = await Promise.all([
    db
      .select({ ...listColumns, cursor: keys.cursor })
      .from(emailMessages)
      .innerJoin(companies, eq(companies.id, emailMessages.companyId))
      .where(and(...where, keys.after(cursor)))
      .orderBy(...keys.orderBy)
      .limit(limit + 1),
    db.select({ n: count() }).from(emailMessages).where(and(...where)),
  ]);
  return { ...keys.page(rows, limit), total: total?.n ?? 0 };
}

/** Scheduled: mails waiting for their send date, soonest first. */
export async function listScheduledEmails(db: Db, actor: Actor, input: z.input<typeof ZListScheduledInput>) {
  const { cursor, limit, filters } = ZListScheduledInput.parse(input);
  const where = commonWhere(actor, filters, emailMessages.scheduledFor);
  where.push(eq(emailMessages.status, 'scheduled'));
  const keys = keyset('email-notifications.scheduled:scheduledFor:asc', 'asc', [
    { column: emailMessages.scheduledFor, type: 'timestamptz' },
    { column: emailMessages.id, type: 'uuid' },
  ]);
  const [rows, [total]] = await Promise.all([
    db
      .select({ ...listColumns, cursor: keys.cursor })
      .from(emailMessages)
      .innerJoin(companies, eq(companies.id, emailMessages.companyId))
      .where(and(...where, keys.after(cursor)))
      .orderBy(...keys.orderBy)
      .limit(limit + 1),
    db.select({ n: count() }).from(emailMessages).where(and(...where)),
  ]);
  return { ...keys.page(rows, limit), total: total?.n ?? 0 };
}

export const HIDDEN_LINK = '[single-use link hidden]';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A stored mail as it may be shown in the console: single-use links (password resets, first
 * passwords) are replaced, so nobody who can read Sent Mails can use someone else's link.
 */
export function withSecretsHidden<T extends { event: string; html: string; text: string; variables: Record<string, string> }>(mail: T): T {
  if (!isEmailEvent(mail.event)) return mail;
  let { html, text } = mail;
  const variables = { ...mail.variables };
  for (const name of secretVariables(mail.event)) {
    const value = variables[name];
    if (!value) continue;
    for (const form of new Set([value, escapeHtml(value)])) {
      html = html.replaceAll(form, HIDDEN_LINK);
      text = text.replaceAll(form, HIDDEN_LINK);
    }
    variables[name] = HIDDEN_LINK;
  }
  return { ...mail, html, text, variables };
}

/** One mail as it was sent (or will be), single-use links hidden. */
export async function getEmail(db: Db, actor: Actor, input: z.input<typeof ZMessageIdInput>) {
  const { id } = ZMessageIdInput.parse(input);
  const [row] = await db
    .select({ ...listColumns, html: emailMessages.html, text: emailMessages.text, variables: emailMessages.variables, providerMessageId: emailMessages.providerMessageId })
    .from(emailMessages)
    .innerJoin(companies, eq(companies.id, emailMessages.companyId))
    .where(and(eq(emailMessages.id, id), scopeOf(actor, emailMessages)));
  if (!row) throw notFound(m.not_found_mail());
  const carriesSecretLink = isEmailEvent(row.event) && secretVariables(row.event).length > 0;
  return {
    ...withSecretsHidden(row),
    carriesSecretLink,
    /** Sent or failed mails can be sent again, except those with a single-use link. */
    resendable: !carriesSecretLink && (row.status === 'sent' || row.status === 'failed'),
  };
}

/** Sends a copy of a mail that went out (or failed): a new row linked to the original. */
export async function resendEmail(db: Db, jobs: JobQueue, actor: Actor, input: z.input<typeof ZMessageIdInput>) {
  const { id } = ZMessageIdInput.parse(input);
  return db.transaction(async (tx) => {
    const [original] = await tx
      .select()
      .from(emailMessages)
      .where(and(eq(emailMessages.id, id), scopeOf(actor, emailMessages)));
    if (!original) throw notFound(m.not_found_mail());
    if (isEmailEvent(original.event) && secretVariables(original.event).length > 0) {
      throw new DomainError(
        'CONFLICT',
        m.mails_single_use_link(),
      );
    }
    if (original.status === 'scheduled' || original.status === 'canceled') {
      throw new DomainError('CONFLICT', m.mails_resend_not_gone_out());
    }
    const { id: _id, createdAt: _c, updatedAt: _u, sentAt: _s, providerMessageId: _p, lastError: _l, attempts: _a, ...copy } = original;
    const [row] = await tx
      .insert(emailMessages)
      .values({ ...copy, status: 'queued', scheduledFor: new Date(), resentFromId: original.id, createdBy: actor.userId })
      .returning({ id: emailMessages.id });
    await jobs.send(tx, emailSend, { messageId: row!.id });
    await writeAudit(tx, actor, {
      company: original,
      action: 'email.resend',
      targetType: 'email_message',
      targetId: row!.id,
      after: { resentFromId: original.id },
    });
    return { id: row!.id };
  });
}

/** Sends scheduled mails now. Mails that are not (or no longer) scheduled are left as they are. */
export async function sendScheduledNow(db: Db, jobs: JobQueue, actor: Actor, input: z.input<typeof ZMessageIdsInput>) {
  const { ids } = ZMessageIdsInput.parse(input);
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(emailMessages)
      .set({ status: 'queued', scheduledFor: new Date() })
      .where(and(inArray(emailMessages.id, ids), eq(emailMessages.status, 'scheduled'), scopeOf(actor, emailMessages)))
      .returning();
    await jobs.sendMany(tx, emailSend, sendPayloads(rows.map((row) => row.id)));
    await auditEach(tx, actor, rows, 'email.send-now');
    return { queued: rows.map((r) => r.id), skipped: ids.filter((id) => !rows.some((r) => r.id === id)) };
  });
}

/** Moves scheduled mails to another date, which must lie in the future. */
export async function rescheduleEmails(db: Db, actor: Actor, input: z.input<typeof ZRescheduleInput>) {
  const { ids, scheduledFor } = ZRescheduleInput.parse(input);
  if (scheduledFor.getTime() <= Date.now()) {
    throw new DomainError('BAD_REQUEST', m.mails_send_date_future());
  }
  return db.transaction(async (tx) => {
    const before = await tx
      .select({ id: emailMessages.id, scheduledFor: emailMessages.scheduledFor })
      .from(emailMessages)
      .where(and(inArray(emailMessages.id, ids), eq(emailMessages.status, 'scheduled'), scopeOf(actor, emailMessages)))
      .for('update');
    const rows = await tx
      .update(emailMessages)
      .set({ scheduledFor })
      .where(inArray(emailMessages.id, before.map((r) => r.id)))
      .returning();
    await auditEach(tx, actor, rows, 'email.reschedule', new Map(before.map((r) => [r.id, r.scheduledFor])));
    return { rescheduled: rows.map((r) => r.id), skipped: ids.filter((id) => !rows.some((r) => r.id === id)) };
  });
}

async function auditEach(
  tx: Parameters<Parameters<Db['transaction']>[0]>[0],
  actor: Actor,
  rows: (typeof emailMessages.$inferSelect)[],
  action: string,
  before?: Map<string, Date>,
) {
  for (const row of rows) {
    await writeAudit(tx, actor, {
      company: row,
      action,
      targetType: 'email_message',
      targetId: row.id,
      before: before ? { scheduledFor: before.get(row.id) } : undefined,
      after: { status: row.status, scheduledFor: row.scheduledFor },
    });
  }
}

