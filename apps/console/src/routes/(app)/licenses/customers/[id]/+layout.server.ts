import { loadCompanyPage } from '#lib/company-page.ts';
import type { LayoutServerLoad } from './$types';

/** The customer every tab shows in its header; out-of-scope or unknown ids are a 404 page. */
export const load = (async (event) => {
  const { area, auth, company } = await loadCompanyPage(event, 'customers');
  // customers.get answered, so this is a customer with its sign-in address (narrows the shared loader's type).
  if (!('signInUrl' in company)) throw new Error('customers.get answered without the sign-in address.');
  return {
    area,
    customer: company,
    timeZone: auth.user.timeZone,
    can: {
      modify: auth.permissions.includes('customers.modify'),
      viewPartners: auth.permissions.includes('partners.view'),
    },
  };
}) satisfies LayoutServerLoad;
