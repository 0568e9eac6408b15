import { issuePasswordReset } from '@keyway/core/auth';
import type { authPasswordReset, JobPayload, JobQueue } from '@keyway/core/jobs';
import type { Db } from '@keyway/db';

/**
 * `auth.password-reset`: mails the reset link when an active account has the address, and does
 * nothing otherwise. The token, the mail and the audit row commit together, so a run that failed
 * part-way is retried from the start.
 */
export function passwordResetHandler(db: Db, jobs: JobQueue) {
  return async ({ email, origin, ip }: JobPayload<typeof authPasswordReset>) => {
    return issuePasswordReset(db, jobs, { email }, { ip, origin });
  };
}
