import { USAGE_REPORT_ACTION_LABELS, USAGE_REPORT_STATUS_LABELS, USAGE_REPORT_SUBMISSION_LABELS } from '@keyway/core/usage-reports';

/**
 * The usage report model's words for statuses, submissions and history actions, handed to the
 * pages as data: the usage report module also holds server code, so the browser's code imports
 * only its types.
 */
export const usageReportLabels = {
  status: USAGE_REPORT_STATUS_LABELS,
  submission: USAGE_REPORT_SUBMISSION_LABELS,
  action: USAGE_REPORT_ACTION_LABELS,
};
