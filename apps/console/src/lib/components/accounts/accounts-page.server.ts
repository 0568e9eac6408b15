import type { ApiCaller } from '@keyway/api';
import { accountsList } from './accounts-params.ts';
import { profileOptions } from './profile-options.server.ts';

/** The Accounts tab of a customer or a partner: a page of the company's accounts and the profile forms' choices. */
export async function loadCompanyAccounts(api: ApiCaller, companyId: string, url: URL) {
  const accountsQuery = accountsList.query(accountsList.read(url), { companyId, limit: 25 });
  const accounts = await api.company.accounts.list(accountsQuery.input);
  const { languages, timeZones } = profileOptions();
  return { accounts, accountsQuery, options: { languages, timeZones } };
}
