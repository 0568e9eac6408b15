import type { EmailTransport, SendResult } from './types.ts';

/**
 * Used when no provider is configured: the mail counts as sent and stays readable under Sent
 * Mails, which is where a developer or a demo reads it.
 */
export function outboxTransport(): EmailTransport {
  return {
    name: 'outbox',
    async send(email): Promise<SendResult> {
      return { ok: true, providerMessageId: `outbox-${email.id}` };
    },
  };
}
