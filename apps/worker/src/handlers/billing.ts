import type { billingRun, JobPayload, JobQueue } from '@keyway/core/jobs';
import { runBilling, type BillingRunResult } from '@keyway/core/billing-reports';
import type { Db } from '@keyway/db';

/**
 * `billing.run`: drafts the bills of the job's cycle (one tier-1's, or every tier-1's) and mails
 * that they are ready. A retry after a failure starts over: the drafting is one transaction and
 * skips bills that exist, and the mailing resumes with the bills not yet mailed.
 */
export function billingRunHandler(db: Db, jobs: JobQueue, origin?: string) {
  return async (payload: JobPayload<typeof billingRun>): Promise<BillingRunResult> => {
    const result = await runBilling(db, jobs, { ...payload, origin });
    console.log(`[worker] billing.run ${result.cycle}: ${result.reports} bills, ${result.lines} lines (${result.ms} ms), ${result.mails} mails`);
    return result;
  };
}
