import type { PageServerLoad } from './$types';
import { licensesList } from './licenses-params.ts';

export const load = (async ({ locals, params, url, parent }) => {
  const { can } = await parent();
  const query = licensesList.query(licensesList.read(url), { customerId: params.id });
  const [licenses, plans] = await Promise.all([
    locals.api.customers.licenses.list(query.input),
    can.modify ? locals.api.customers.licenses.plans({ customerId: params.id }) : Promise.resolve({ items: [] }),
  ]);
  return {
    query,
    licenses,
    plans: plans.items,
    // The server's calendar day: start dates are checked against it.
    today: new Date().toISOString().slice(0, 10),
  };
}) satisfies PageServerLoad;
