import { and, eq, inArray, sql } from 'drizzle-orm';
import { emailMessages, type Db, type EmailMessage } from '@keyway/db';
import { createHash } from 'node:crypto';
import type { BatchSendResult, EmailTransport, OutgoingEmail } from '@keyway/email/transports';

export interface DeliveryOptions {
  transport: EmailTransport;
  /** The sender, e.g. `Keyway <no-reply@keyway.example>`. */
  from: string;
  /** Waits for a sending slot, so the provider's rate limit is kept. */
  throttle?: () => Promise<void>;
}

export type DeliveryOutcome =
  | { status: 'sent'; providerMessageId: string }
  | { status: 'failed'; message: string }
  /** Nothing to do: already sent, canceled, failed for good, or not due yet. */
  | { status: 'skipped' }
  /** The provider could not take it now; the job should run again later. */
  | { status: 'retry'; message: string };

/**
 * Delivers one mail row. Claims it (`queued`, or `sending` left by an attempt that died), sends it
 * with the row id as idempotency key, and records the outcome. Running it again for a mail that
 * went out does nothing; running it again after a send whose answer was lost asks the provider
 * with the same key, which delivers nothing new.
 */
export async function deliverEmail(
  db: Db,
  messageId: string,
  options: DeliveryOptions,
  attempt: { isLast: boolean },
): Promise<DeliveryOutcome> {
  const [mail] = await db
    .update(emailMessages)
    .set({ status: 'sending', attempts: sql`${emailMessages.attempts} + 1` })
    .where(and(eq(emailMessages.id, messageId), inArray(emailMessages.status, ['queued', 'sending'])))
    .returning();
  if (!mail) return { status: 'skipped' };

  await options.throttle?.();
  let result;
  try {
    result = await options.transport.send(outgoing(mail, options.from));
  } catch (error) {
    result = { ok: false as const, retryable: true, message: error instanceof Error ? error.message : String(error) };
  }

  if (result.ok) {
    await db
      .update(emailMessages)
      .set({ status: 'sent', providerMessageId: result.providerMessageId, sentAt: new Date(), lastError: null })
      .where(eq(emailMessages.id, mail.id));
    return { status: 'sent', providerMessageId: result.providerMessageId };
  }
  if (!result.retryable || attempt.isLast) {
    await db
      .update(emailMessages)
      .set({ status: 'failed', lastError: result.message })
      .where(eq(emailMessages.id, mail.id));
    return { status: 'failed', message: result.message };
  }
  await db.update(emailMessages).set({ lastError: result.message }).where(eq(emailMessages.id, mail.id));
  return { status: 'retry', message: result.message };
}

export interface BatchDeliveryOutcome {
  sent: number;
  failed: number;
  /** Already sent, canceled, failed for good, or not due: left alone. */
  skipped: number;
  /** Set when the provider could not take the batch now; the job should run again later. */
  retry?: string;
}

/**
 * Delivers a batch of mail rows in one provider request. Claims those still to send, sends them
 * under an idempotency key derived from their ids, and settles every mail in one statement: the
 * accepted ones sent, the refused ones failed with the provider's reason. A batch the provider
 * could not take (5xx, 429, timeout) is retried whole with the same mails — nothing settles them
 * in between — so the same key goes out again and the provider delivers nothing twice.
 */
export async function deliverEmailBatch(
  db: Db,
  messageIds: readonly string[],
  options: DeliveryOptions,
  attempt: { isLast: boolean },
): Promise<BatchDeliveryOutcome> {
  const claimed = await db
    .update(emailMessages)
    .set({ status: 'sending', attempts: sql`${emailMessages.attempts} + 1` })
    .where(and(inArray(emailMessages.id, [...messageIds]), inArray(emailMessages.status, ['queued', 'sending'])))
    .returning({
      id: emailMessages.id,
      recipientEmail: emailMessages.recipientEmail,
      subject: emailMessages.subject,
      html: emailMessages.html,
      text: emailMessages.text,
    });
  const skipped = messageIds.length - claimed.length;
  if (claimed.length === 0) return { sent: 0, failed: 0, skipped };
  // Sorted, so a retry sends the very same request under the very same key.
  const mails = claimed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  await options.throttle?.();
  let result: BatchSendResult;
  try {
    result = await options.transport.sendBatch(
      mails.map((mail) => outgoing(mail, options.from)),
      batchIdempotencyKey(mails.map((mail) => mail.id)),
    );
  } catch (error) {
    result = { ok: false, retryable: true, message: error instanceof Error ? error.message : String(error) };
  }

  let outcomes: { id: string; status: 'sent' | 'failed' | 'sending'; providerMessageId: string | null; lastError: string | null }[];
  if (result.ok) {
    outcomes = mails.map((mail, i) => {
      const one = result.results[i]!;
      return one.ok
        ? { id: mail.id, status: 'sent', providerMessageId: one.providerMessageId, lastError: null }
        : { id: mail.id, status: 'failed', providerMessageId: null, lastError: one.message };
    });
  } else {
    const status = !result.retryable || attempt.isLast ? 'failed' : 'sending';
    outcomes = mails.map((mail) => ({ id: mail.id, status, providerMessageId: null, lastError: result.message }));
  }
  await db.execute(sql`
    update email_messages m
    set status = v.status::email_status,
        provider_message_id = coalesce(v."providerMessageId", m.provider_message_id),
        sent_at = case when v.status = 'sent' then now() else m.sent_at end,
        last_error = v."lastError",
        updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(outcomes)}::jsonb)
      as v(id uuid, status text, "providerMessageId" text, "lastError" text)
    where m.id = v.id
  `);
  const sent = outcomes.filter((o) => o.status === 'sent').length;
  const failed = outcomes.filter((o) => o.status === 'failed').length;
  return { sent, failed, skipped, ...(result.ok || failed > 0 ? {} : { retry: result.message }) };
}

/** A mail row as the provider gets it. */
function outgoing(mail: Pick<EmailMessage, 'id' | 'recipientEmail' | 'subject' | 'html' | 'text'>, from: string): OutgoingEmail {
  return { id: mail.id, from, to: mail.recipientEmail, subject: mail.subject, html: mail.html, text: mail.text };
}

/** The provider's idempotency key of a batch: the same mails always give the same key. */
export function batchIdempotencyKey(messageIds: readonly string[]): string {
  const hash = createHash('sha256');
  for (const id of [...messageIds].sort()) hash.update(id);
  return `batch/${hash.digest('base64url')}`;
}

/**
 * At most `perSecond` provider requests a second from this process (0: no limit) — a request
 * being one mail or a batch of up to 100. Resend allows 2 requests a second by default.
 */
export function sendingThrottle(perSecond: number): () => Promise<void> {
  if (perSecond <= 0) return async () => {};
  const interval = 1000 / perSecond;
  let next = 0;
  return async () => {
    const now = Date.now();
    const slot = Math.max(now, next);
    next = slot + interval;
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  };
}
