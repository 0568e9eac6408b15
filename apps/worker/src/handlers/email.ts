import type { JobWithMetadata } from 'pg-boss';
import {
  deliverEmail,
  deliverEmailBatch,
  dispatchScheduledEmails,
  sendingThrottle,
  type DeliveryOptions,
} from '@keyway/core/email-notifications';
import type { emailSend, JobPayload, JobQueue } from '@keyway/core/jobs';
import type { Db } from '@keyway/db';

/**
 * `email.send`: one mail, or a batch of up to 100 in one provider request. A retryable failure
 * throws so that pg-boss tries again with backoff; on the last attempt the mails are marked
 * failed instead.
 */
export function emailSendHandler(db: Db, options: DeliveryOptions) {
  return async (payload: JobPayload<typeof emailSend>, job: JobWithMetadata<unknown>) => {
    const isLast = job.retryCount >= job.retryLimit;
    if ('messageIds' in payload) {
      const outcome = await deliverEmailBatch(db, payload.messageIds, options, { isLast });
      if (outcome.retry) throw new Error(outcome.retry);
      return outcome;
    }
    const outcome = await deliverEmail(db, payload.messageId, options, { isLast });
    if (outcome.status === 'retry') throw new Error(outcome.message);
    return outcome;
  };
}

export function emailDispatchHandler(db: Db, jobs: JobQueue) {
  return async () => ({ queued: await dispatchScheduledEmails(db, jobs) });
}

export { sendingThrottle };
