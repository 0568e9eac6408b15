import { Resend } from 'resend';
import type { EmailTransport, OutgoingEmail, SendResult } from './types.ts';

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

/** Delivers through Resend's API with the mail's id as the idempotency key. */
export function resendTransport(options: ResendTransportOptions): EmailTransport {
  const client = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    name: 'resend',
    async send(email: OutgoingEmail): Promise<SendResult> {
      const { data, error } = await client.emails.send(
        { from: email.from, to: email.to, subject: email.subject, html: email.html, text: email.text },
        { idempotencyKey: email.id, signal: AbortSignal.timeout(timeoutMs) },
      );
      if (data) return { ok: true, providerMessageId: data.id };
      const status = error?.statusCode ?? null;
      const retryable =
        status === null || status === 429 || status >= 500 || RETRYABLE.has(error?.name ?? '');
      const message = error
        ? `${error.message}${status ? ` (HTTP ${status})` : ''}`
        : 'Resend answered without an id.';
      return { ok: false, retryable, message };
    },
  };
}
