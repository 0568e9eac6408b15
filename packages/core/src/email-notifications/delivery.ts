import { and, eq, inArray, sql } from 'drizzle-orm';
import { emailMessages, type Db } from '@keyway/db';
import type { EmailTransport } from '@keyway/email/transports';

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
    result = await options.transport.send({
      id: mail.id,
      from: options.from,
      to: mail.recipientEmail,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
    });
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

/**
 * At most `perSecond` sends a second from this process (0: no limit). Resend allows 2 requests a
 * second by default.
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
