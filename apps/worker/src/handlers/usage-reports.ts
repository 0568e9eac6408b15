import type { JobPayload, JobQueue, usageReportsAutoSubmit, usageReportsPrepare } from '@keyway/core/jobs';
import { today } from '@keyway/core/dates';
import {
  autoSubmitUsageReports,
  prepareUsageReports,
  type AutoSubmitResult,
  type PrepareUsageReportsResult,
} from '@keyway/core/usage-reports';
import type { Db } from '@keyway/db';

/**
 * `usage-reports.prepare`: the reports of the job's cycle (the month that ended, when the
 * schedule sends none). A retry after a failure starts over: the run is one transaction.
 */
export function usageReportsPrepareHandler(db: Db, jobs: JobQueue, origin?: string) {
  return async (payload: JobPayload<typeof usageReportsPrepare>): Promise<PrepareUsageReportsResult> => {
    const result = await prepareUsageReports(db, jobs, { cycle: payload.cycle, origin });
    console.log(
      `[worker] usage-reports.prepare ${result.cycle}: ${result.reports} reports, ${result.lines} lines (${result.ms.figures} ms), ${result.mails} mails (${result.ms.mails} ms)`,
    );
    return result;
  };
}

/** `usage-reports.auto-submit`: reminders and automatic submissions for the job's day (today in UTC by default). */
export function usageReportsAutoSubmitHandler(db: Db, jobs: JobQueue, origin?: string) {
  return async (payload: JobPayload<typeof usageReportsAutoSubmit>): Promise<AutoSubmitResult> => {
    const day = payload.day ?? today();
    const result = await autoSubmitUsageReports(db, jobs, day, { origin });
    console.log(
      `[worker] usage-reports.auto-submit ${day}: ${result.reminded} reminded, ${result.submitted} submitted (${result.withPenalty} with penalty lines), ${result.autoApproved} approved`,
    );
    return result;
  };
}
