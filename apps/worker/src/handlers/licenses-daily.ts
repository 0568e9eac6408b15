import type { JobPayload, JobQueue, licensesDaily } from '@keyway/core/jobs';
import { runLicensesDaily, type LicensesDailyResult } from '@keyway/core/licenses';
import { today } from '@keyway/core/dates';
import type { Db } from '@keyway/db';

/**
 * `licenses.daily`: renewals, grace, expiry and units back to the pools for the job's day (today
 * in UTC when the schedule sends none). A retry after a failure redoes only what the failed run
 * left undone: the run is idempotent for its day.
 */
export function licensesDailyHandler(db: Db, jobs: JobQueue, origin?: string) {
  return async (payload: JobPayload<typeof licensesDaily>): Promise<LicensesDailyResult> => {
    const day = payload.day ?? today();
    const started = performance.now();
    const result = await runLicensesDaily(db, jobs, day, { origin });
    console.log(
      `[worker] licenses.daily ${day}: ${result.renewed} renewed, ${result.renewalsRefused} renewals refused, ${result.toGrace} to grace, ${result.expired} expired, ${result.unitsReturned} returned units (${Math.round(performance.now() - started)} ms)`,
    );
    return result;
  };
}
