import { error } from '@sveltejs/kit';
import { customersList } from '#lib/components/customers/customers-params.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, params }) => {
  if (!locals.auth?.permissions.includes('customers.view')) {
    error(403, { message: 'You do not have access to Customers.' });
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
