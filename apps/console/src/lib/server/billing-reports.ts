import { BILLING_REPORT_ACTION_LABELS, BILLING_REPORT_STATUS_LABELS } from '@keyway/core/billing-reports';
import { CURRENCIES, CURRENCY_CODES, PROMO_CODE_ALLOWS_LABELS } from '@keyway/core/price-lists';

/**
 * The billing model's words for statuses, history actions, currencies and promo codes, handed to
 * the pages as data: the billing modules also hold server code, so the browser imports only types.
 */
export const billingLabels = {
  status: BILLING_REPORT_STATUS_LABELS,
  action: BILLING_REPORT_ACTION_LABELS,
  allows: PROMO_CODE_ALLOWS_LABELS,
  currencies: CURRENCY_CODES.map((code) => ({ code, name: CURRENCIES[code].name })),
};
