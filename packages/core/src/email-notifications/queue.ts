import { sql } from 'drizzle-orm';
import { emailMessages, type CompanyKind, type Tx } from '@keyway/db';
import { emailRenderCache, type EmailEvent, type EmailVariableInput } from '@keyway/email';
import { EMAIL_BATCH_SIZE, emailSend, type JobPayload, type JobQueue } from '../jobs/index.ts';
import { cardJoin, pgArray } from '../sql.ts';
import { localeOf, type Locale } from '../i18n.ts';
import { brandFor, effectiveTemplate, type ChainLink, type EffectiveTemplate, type TemplateRow } from './templates.ts';

export interface QueueEmailInput<E extends EmailEvent> {
  event: E;
  /** The company the mail concerns: its template chain applies and its subtree may see the mail. */
  companyId: string;
  to: { email: string; name?: string | null; userId?: string | null };
  /** The recipient's language; the company's when absent. */
  language?: string;
  /**
   * The values of the mail's `{{variables}}`. Values the server words itself (a decision, a
   * version type) come from a function of the mail's locale: the language the template applying
   * is written in, known only here.
   */
  variables: EmailVariableInput<E> | ((locale: Locale) => EmailVariableInput<E>);
  /** When the mail is due; now when absent. A future time leaves it scheduled. */
  scheduledFor?: Date;
  /** Who caused it; null for the system. */
  createdBy?: string | null;
}

export interface QueuedEmail {
  id: string;
  status: 'queued' | 'scheduled';
  template: EffectiveTemplate;
}

/** Rows a statement inserts at most: a mail row takes 17 parameters, Postgres allows 65,535. */
const INSERT_CHUNK = 1000;

/**
 * Writes a mail in the caller's transaction: fills it into the template that applies, inserts
 * the row, and (when due) sends the `email.send` job in the same transaction, so a change that
 * rolls back leaves neither mail nor job. Returns null when the template is disabled.
 */
export async function queueEmail<E extends EmailEvent>(
  tx: Tx,
  jobs: JobQueue,
  input: QueueEmailInput<E>,
): Promise<QueuedEmail | null> {
  const [queued] = await queueEmails(tx, jobs, [input]);
  return queued ?? null;
}

/**
 * `queueEmail` for many mails at once: one statement reads every company's template chain, the
 * rows go in with multi-row inserts and the due ones' jobs with one insert, a job per batch of up
 * to 100 mails (one provider request). Each mail is filled into its template's compiled form, not
 * rendered. Returns, for each input in order, the queued mail or null (template disabled).
 */
export async function queueEmails<E extends EmailEvent>(
  tx: Tx,
  jobs: JobQueue,
  inputs: readonly QueueEmailInput<E>[],
): Promise<(QueuedEmail | null)[]> {
  if (inputs.length === 0) return [];
  const contexts = await mailContexts(
    tx,
    [...new Set(inputs.map((input) => input.companyId))],
    [...new Set(inputs.map((input) => input.event))],
  );

  const now = Date.now();
  const rows: (typeof emailMessages.$inferInsert)[] = [];
  const results: (QueuedEmail | null)[] = [];
  const planned: { index: number; due: boolean; template: EffectiveTemplate }[] = [];
  for (const [index, input] of inputs.entries()) {
    const context = contexts.get(input.companyId);
    if (!context) throw new Error(`queueEmail: no company ${input.companyId}`);
    const template = effectiveTemplate(input.event, input.language ?? context.language, context.chain, context.templates);
    results.push(null);
    if (!template.enabled) continue;
    const variables = typeof input.variables === 'function' ? input.variables(localeOf(template.language)) : input.variables;

    // Mail about a customer goes out on behalf of the partner that manages it.
    const sender = context.chain.find((link) => link.kind !== 'customer') ?? context.chain[0]!;
    const rendered = await emailRenderCache.render({
      event: input.event,
      brand: brandFor(sender.name),
      companyName: sender.name,
      language: template.language,
      subject: template.subject,
      blocks: template.blocks,
      variables,
    });
    const due = !input.scheduledFor || input.scheduledFor.getTime() <= now;
    planned.push({ index, due, template });
    rows.push({
      companyId: input.companyId,
      channelId: context.stamps.channelId,
      partnerId: context.stamps.partnerId,
      customerId: context.stamps.customerId,
      event: input.event,
      language: template.language,
      recipientEmail: input.to.email,
      recipientName: input.to.name ?? null,
      recipientUserId: input.to.userId ?? null,
      variables: Object.fromEntries(
        Object.entries(variables as Record<string, unknown>).map(([k, v]) => [k, v == null ? '' : String(v)]),
      ),
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      status: due ? 'queued' : 'scheduled',
      scheduledFor: input.scheduledFor ?? new Date(now),
      createdBy: input.createdBy ?? null,
    });
  }

  const ids: string[] = [];
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    // Postgres returns the inserted rows in the order of the values list.
    const inserted = await tx
      .insert(emailMessages)
      .values(rows.slice(start, start + INSERT_CHUNK))
      .returning({ id: emailMessages.id });
    ids.push(...inserted.map((row) => row.id));
  }
  if (ids.length !== rows.length) throw new Error('queueEmails: the insert returned fewer rows than it was given');

  const dueIds: string[] = [];
  for (const [i, plan] of planned.entries()) {
    results[plan.index] = { id: ids[i]!, status: plan.due ? 'queued' : 'scheduled', template: plan.template };
    if (plan.due) dueIds.push(ids[i]!);
  }
  // Scheduled mails have no job until they are due (dispatch.ts).
  if (dueIds.length > 0) await jobs.sendMany(tx, emailSend, sendPayloads(dueIds));
  return results;
}

/** `email.send` payloads for mails due now: one job per provider request's worth of mails. */
export function sendPayloads(ids: readonly string[]): JobPayload<typeof emailSend>[] {
  const payloads: JobPayload<typeof emailSend>[] = [];
  for (let start = 0; start < ids.length; start += EMAIL_BATCH_SIZE) {
    const batch = ids.slice(start, start + EMAIL_BATCH_SIZE);
    // A mail alone keeps its own id as the provider's idempotency key.
    payloads.push(batch.length === 1 ? { messageId: batch[0]! } : { messageIds: batch });
  }
  return payloads;
}

interface MailContext {
  /** The company and its ancestors, nearest first. */
  chain: ChainLink[];
  stamps: { channelId: string | null; partnerId: string | null; customerId: string | null };
  language: string;
  /** The chain's own templates of the events asked for, every language. */
  templates: TemplateRow[];
}

/** Each company's chain, stamps, language and its chain's templates of `events`, in one statement. */
async function mailContexts(tx: Tx, companyIds: string[], events: string[]): Promise<Map<string, MailContext>> {
  const rows = await tx.execute<{
    start_id: string;
    id: string;
    name: string;
    kind: CompanyKind;
    depth: number;
    channel_id: string | null;
    partner_id: string | null;
    customer_id: string | null;
    language: string | null;
    templates: TemplateRow[];
  }>(sql`
    with recursive chain as (
      select c.id as start_id, c.id, c.name, c.kind, c.parent_id, 0 as depth, c.channel_id, c.partner_id, c.customer_id
      from company_cards c where c.id = any(${pgArray(companyIds)}::uuid[])
      union all
      select chain.start_id, c.id, c.name, c.kind, c.parent_id, chain.depth + 1, null::uuid, null::uuid, null::uuid
      from chain ${cardJoin(sql`chain.parent_id`, 'c', 'join')}
    ),
    links as (select distinct on (start_id, id) * from chain order by start_id, id, depth)
    select links.start_id, links.id, links.name, links.kind, links.depth, links.channel_id, links.partner_id, links.customer_id,
      case when links.depth = 0 then (select language from companies where id = links.id) end as language,
      coalesce((
        select json_agg(json_build_object(
          'companyId', t.company_id, 'event', t.event, 'language', t.language, 'enabled', t.enabled, 'subject', t.subject,
          'blocks', t.blocks, 'sendToCustomer', t.send_to_customer, 'timing', t.timing))
        from email_templates t
        where t.company_id = links.id and t.event = any(${pgArray(events)}::text[])
      ), '[]'::json) as templates
    from links order by links.start_id, links.depth
  `);
  const contexts = new Map<string, MailContext>();
  for (const row of rows) {
    let context = contexts.get(row.start_id);
    if (!context) {
      context = { chain: [], stamps: { channelId: null, partnerId: null, customerId: null }, language: 'en', templates: [] };
      contexts.set(row.start_id, context);
    }
    context.chain.push({ id: row.id, name: row.name, kind: row.kind, depth: row.depth });
    context.templates.push(...row.templates);
    if (row.depth === 0) {
      context.stamps = { channelId: row.channel_id, partnerId: row.partner_id, customerId: row.customer_id };
      context.language = row.language ?? 'en';
    }
  }
  return contexts;
}
