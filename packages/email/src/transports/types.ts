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

export interface EmailTransport {
  readonly name: string;
  send(email: OutgoingEmail): Promise<SendResult>;
}
