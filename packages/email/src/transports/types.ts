export interface OutgoingEmail {
  /** The mail row's id; the provider's idempotency key, so a retried send is delivered once. */
  id: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
}

export type SendResult =
  | { ok: true; providerMessageId: string }
  /** `retryable`: the provider was unreachable, slow, rate-limited or failing; try again later. */
  | { ok: false; retryable: boolean; message: string };

/**
 * The provider's answer to a batch: either about the whole request (unreachable, slow,
 * rate-limited, failing: `retryable`), or one outcome per mail in the order given — a mail it
 * refused carries the provider's reason and is not sent again.
 */
export type BatchSendResult =
  | { ok: true; results: ({ ok: true; providerMessageId: string } | { ok: false; message: string })[] }
  | { ok: false; retryable: boolean; message: string };

export interface EmailTransport {
  readonly name: string;
  send(email: OutgoingEmail): Promise<SendResult>;
  /**
   * Sends up to 100 mails in one request. `idempotencyKey` names the batch: the same key again
   * (with the same mails) delivers nothing new and gives the first answer.
   */
  sendBatch(emails: OutgoingEmail[], idempotencyKey: string): Promise<BatchSendResult>;
}
