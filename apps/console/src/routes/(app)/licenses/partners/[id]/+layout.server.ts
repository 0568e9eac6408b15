import { loadCompanyPage } from '#lib/company-page.ts';
import type { LayoutServerLoad } from './$types';

/** The partner every tab shows in its header; out-of-scope or unknown ids are a 404 page. */
export const load = (async (event) => {
  const { area, auth, company } = await loadCompanyPage(event, 'partners');
  // partners.get answered, so this is a partner with its counts (narrows the shared loader's type).
  if (!('customerCount' in company)) throw new Error('partners.get answered without the partner’s counts.');
  return {
    area,
    partner: company,
    timeZone: auth.user.timeZone,
    can: {
      modify: auth.permissions.includes('partners.modify'),
      /** A vendor's license manager opens a tier-1 for its stock only: no accounts to read. */
      viewAccounts: auth.permissions.includes('partners.view'),
      viewStock: auth.permissions.includes('tier1Stock.view'),
      modifyStock: auth.permissions.includes('tier1Stock.modify'),
      viewCustomers: auth.permissions.includes('customers.view'),
      viewLicenses: auth.permissions.includes('licensePool.view'),
    },
  };
}) satisfies LayoutServerLoad;
