import type { JobWithMetadata } from 'pg-boss';
import { deliverEmail, dispatchScheduledEmails, sendingThrottle, type DeliveryOptions } from '@keyway/core/email-notifications';
import type { emailSend, JobPayload, JobQueue } from '@keyway/core/jobs';
import type { Db } from '@keyway/db';

/**
 * `email.send`: a retryable failure throws so that pg-boss tries again with backoff; on the last
 * attempt the mail is marked failed instead.
 */
export function emailSendHandler(db: Db, options: DeliveryOptions) {
  return async ({ messageId }: JobPayload<typeof emailSend>, job: JobWithMetadata<unknown>) => {
    const isLast = job.retryCount >= job.retryLimit;
    const outcome = await deliverEmail(db, messageId, options, { isLast });
    if (outcome.status === 'retry') throw new Error(outcome.message);
    return outcome;
  };
}

export function emailDispatchHandler(db: Db, jobs: JobQueue) {
  return async () => ({ queued: await dispatchScheduledEmails(db, jobs) });
}

export { sendingThrottle };
