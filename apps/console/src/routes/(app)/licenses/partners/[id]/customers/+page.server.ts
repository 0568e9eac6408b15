import { error } from '@sveltejs/kit';
import { customersList } from '#lib/components/customers/customers-params.ts';
import { m } from '#lib/paraglide/messages.js';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, params }) => {
  if (!locals.auth?.permissions.includes('customers.view')) {
    error(403, { message: m.partners_no_customers_access() });
  }
  const partner = { partner: params.id };
  const query = customersList.query({ ...customersList.defaults, ...partner });
  const customers = await locals.api.customers.list(query.input);
  return {
    customers,
    query,
    /** The same customers under Customers, where they can be filtered, sorted and exported. */
    inCustomers: `/licenses/customers${customersList.search(partner)}`,
  };
}) satisfies PageServerLoad;
