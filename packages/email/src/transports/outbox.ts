import type { BatchSendResult, EmailTransport, OutgoingEmail, SendResult } from './types.ts';

/**
 * Used when no provider is configured (a developer's machine, a demo): the mail counts as sent and
 * stays readable under Sent Mails. Since no mail leaves the machine, `log` may print each one's
 * recipient, subject and links, which is how a person signing up or resetting a password there
 * gets their link; Sent Mails hides single-use links from everyone else.
 */
export function outboxTransport(options: { log?: (line: string) => void } = {}): EmailTransport {
  const take = (email: OutgoingEmail) => {
    if (options.log) {
      const links = [...new Set((email.text.match(/https?:\/\/\S+/g) ?? []).map((l) => l.replace(/[.,;:)\]]+$/, '')))];
      options.log(`[outbox] to ${email.to}: "${email.subject}"${links.map((l) => `\n  ${l}`).join('')}`);
    }
    return { ok: true as const, providerMessageId: `outbox-${email.id}` };
  };
  return {
    name: 'outbox',
    async send(email): Promise<SendResult> {
      return take(email);
    },
    async sendBatch(emails): Promise<BatchSendResult> {
      return { ok: true, results: emails.map(take) };
    },
  };
}
