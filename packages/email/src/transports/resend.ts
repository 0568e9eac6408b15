import { Resend, type ErrorResponse } from 'resend';
import type { BatchSendResult, EmailTransport, OutgoingEmail, SendResult } from './types.ts';

export interface ResendTransportOptions {
  apiKey: string;
  /** Another API address, e.g. a local stand-in in tests. Default: Resend's, or RESEND_BASE_URL. */
  baseUrl?: string;
  /** A request slower than this is abandoned and retried (with the same idempotency key). */
  timeoutMs?: number;
}

const RETRYABLE = new Set([
  'rate_limit_exceeded',
  'daily_quota_exceeded',
  'monthly_quota_exceeded',
  'internal_server_error',
  'application_error',
  'concurrent_idempotent_requests',
]);

/**
 * Delivers through Resend's API: a mail alone with its id as the idempotency key, a batch through
 * the batch endpoint with the caller's key. Each mail carries its id in `X-Entity-Ref-ID`, which
 * also keeps mail clients from threading unrelated notices together.
 */
export function resendTransport(options: ResendTransportOptions): EmailTransport {
  const client = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    name: 'resend',
    async send(email: OutgoingEmail): Promise<SendResult> {
      const { data, error } = await client.emails.send(payload(email), {
        idempotencyKey: email.id,
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (data) return { ok: true, providerMessageId: data.id };
      return refusal(error, 'Resend answered without an id.');
    },
    async sendBatch(emails: OutgoingEmail[], idempotencyKey: string): Promise<BatchSendResult> {
      // Permissive: a mail Resend refuses (a bad address) does not hold back the others.
      const { data, error } = await client.batch.send(emails.map(payload), {
        idempotencyKey,
        batchValidation: 'permissive',
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!data) return refusal(error, 'Resend answered without ids.');
      const refused = new Map((data.errors ?? []).map((e) => [e.index, e.message]));
      const ids = data.data.map((d) => d.id);
      // The ids are those of the accepted mails in order (or, should Resend list one per mail, by index).
      const byIndex = ids.length === emails.length;
      if (!byIndex && ids.length !== emails.length - refused.size) {
        return { ok: false, retryable: false, message: `Resend answered ${ids.length} ids for ${emails.length - refused.size} accepted mails; which mail went out is unknown.` };
      }
      let next = 0;
      return {
        ok: true,
        results: emails.map((_, index) =>
          refused.has(index)
            ? { ok: false, message: refused.get(index)! }
            : { ok: true, providerMessageId: byIndex ? ids[index]! : ids[next++]! },
        ),
      };
    },
  };
}

function payload(email: OutgoingEmail) {
  return {
    from: email.from,
    to: email.to,
    subject: email.subject,
    html: email.html,
    text: email.text,
    headers: { 'X-Entity-Ref-ID': email.id },
  };
}

function refusal(error: ErrorResponse | null, fallback: string): { ok: false; retryable: boolean; message: string } {
  const status = error?.statusCode ?? null;
  const retryable = status === null || status === 429 || status >= 500 || RETRYABLE.has(error?.name ?? '');
  const message = error ? `${error.message}${status ? ` (HTTP ${status})` : ''}` : fallback;
  return { ok: false, retryable, message };
}
