import { eq } from 'drizzle-orm';
import { companies, emailMessages, type Tx } from '@keyway/db';
import { renderEmail, type EmailEvent, type EmailVariableInput } from '@keyway/email';
import { emailSend, type JobQueue } from '../jobs/index.ts';
import { brandFor, companyChain, resolveTemplate, type EffectiveTemplate } from './templates.ts';

export interface QueueEmailInput<E extends EmailEvent> {
  event: E;
  /** The company the mail concerns: its template chain applies and its subtree may see the mail. */
  companyId: string;
  to: { email: string; name?: string | null; userId?: string | null };
  /** The recipient's language; the company's when absent. */
  language?: string;
  variables: EmailVariableInput<E>;
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

/**
 * Writes a mail in the caller's transaction: renders it with the template that applies, inserts
 * the row, and (when due) sends the `email.send` job in the same transaction, so a change that
 * rolls back leaves neither mail nor job. Returns null when the template is disabled.
 */
export async function queueEmail<E extends EmailEvent>(
  tx: Tx,
  jobs: JobQueue,
  input: QueueEmailInput<E>,
): Promise<QueuedEmail | null> {
  const [company] = await tx.select().from(companies).where(eq(companies.id, input.companyId));
  if (!company) throw new Error(`queueEmail: no company ${input.companyId}`);
  const language = input.language ?? company.language;
  const chain = await companyChain(tx, company.id);
  const template = await resolveTemplate(tx, company.id, input.event, language, chain);
  if (!template.enabled) return null;

  // Mail about a customer goes out on behalf of the partner that manages it.
  const sender = chain.find((link) => link.kind !== 'customer') ?? chain[0]!;
  const rendered = await renderEmail({
    event: input.event,
    brand: brandFor(sender.name),
    companyName: sender.name,
    language: template.language,
    subject: template.subject,
    blocks: template.blocks,
    variables: input.variables,
  });

  const due = !input.scheduledFor || input.scheduledFor.getTime() <= Date.now();
  const [row] = await tx
    .insert(emailMessages)
    .values({
      companyId: company.id,
      channelId: company.channelId,
      partnerId: company.partnerId,
      customerId: company.customerId,
      event: input.event,
      language: template.language,
      recipientEmail: input.to.email,
      recipientName: input.to.name ?? null,
      recipientUserId: input.to.userId ?? null,
      variables: Object.fromEntries(
        Object.entries(input.variables as Record<string, unknown>).map(([k, v]) => [k, v == null ? '' : String(v)]),
      ),
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      status: due ? 'queued' : 'scheduled',
      scheduledFor: input.scheduledFor ?? new Date(),
      createdBy: input.createdBy ?? null,
    })
    .returning({ id: emailMessages.id });
  if (!row) throw new Error('queueEmail: insert returned no row');
  if (due) await jobs.send(tx, emailSend, { messageId: row.id });
  return { id: row.id, status: due ? 'queued' : 'scheduled', template };
}
