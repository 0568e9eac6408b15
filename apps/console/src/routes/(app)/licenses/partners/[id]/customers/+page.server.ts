import { error } from '@sveltejs/kit';
import { CUSTOMERS_PAGE_SIZE } from '#lib/components/customers/customers-params.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, params }) => {
  if (!locals.auth?.permissions.includes('customers.view')) {
    error(403, { message: 'You do not have access to Customers.' });
  }
  const customers = await locals.api.customers.list({ limit: CUSTOMERS_PAGE_SIZE, filters: { partnerId: params.id } });
  return { customers };
}) satisfies PageServerLoad;
