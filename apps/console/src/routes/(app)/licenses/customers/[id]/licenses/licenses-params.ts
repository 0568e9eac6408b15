import { ZListCustomerLicensesInput } from '@keyway/core/customers';
import { defineListParams } from '#lib/components/list/list-params.ts';

/** The customer Licenses tab's address: `?status=expired`. */
export const licensesList = defineListParams(ZListCustomerLicensesInput, {
  status: { path: 'filters.status' },
});
