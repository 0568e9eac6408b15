import type { Job } from 'pg-boss';
import { deliverEmail, dispatchScheduledEmails, sendingThrottle, type DeliveryOptions } from '@keyway/core/email-notifications';
import type { JobQueue } from '@keyway/core/jobs';
import type { Db } from '@keyway/db';

/**
 * `email.send`: a retryable failure throws so that pg-boss tries again with backoff; on the last
 * attempt the mail is marked failed instead.
 */
export function emailSendHandler(db: Db, options: DeliveryOptions) {
  return async (job: Job<{ messageId: string }> & { retryLimit?: number }) => {
    const isLast = job.retryCount >= (job.retryLimit ?? 0);
    const outcome = await deliverEmail(db, job.data.messageId, options, { isLast });
    if (outcome.status === 'retry') throw new Error(outcome.message);
    return outcome;
  };
}

export function emailDispatchHandler(db: Db, jobs: JobQueue) {
  return async () => ({ queued: await dispatchScheduledEmails(db, jobs) });
}

export { sendingThrottle };
