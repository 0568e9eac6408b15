import { ZListCustomersInput } from '@keyway/core/customers';
import { defineListParams, sortParams } from '#lib/components/list/list-params.ts';
import { DIRECT } from './customers-list.ts';

export { customersCount } from './customers-list.ts';

/**
 * The customers list's address (`?partner=direct&status=disabled&sort=createdAt&dir=desc`), read
 * on the server against the procedure's input schema.
 */
export const customersList = defineListParams(ZListCustomersInput, {
  q: { path: 'filters.query' },
  status: { path: 'filters.status' },
  /** A partner's id, `direct` for the customers a tier-1 manages itself, or empty for all. */
  partner: { path: 'filters.partnerId', aliases: { [DIRECT]: { 'filters.direct': true } } },
  /** A product's id: customers with a license of it. */
  product: { path: 'filters.productId' },
  /** normal | expiring-soon | expired: customers with a license in that status. */
  license: { path: 'filters.licenseStatus' },
  ...sortParams(),
});

export type CustomersParams = ReturnType<typeof customersList.read>;

export const readCustomersParams = (url: URL) => customersList.read(url);

/** The API's filters for these params. */
export const customerFilters = (params: CustomersParams) => customersList.input(params).filters;

/** The query string for these params, defaults left out. */
export const customersSearch = (params: CustomersParams) => customersList.search(params);
