import { accountsListInput, readAccountsParams } from '#lib/components/accounts/accounts-params.ts';
import { profileOptions } from '#lib/components/accounts/profile-options.server.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, params, url }) => {
  const accountsParams = readAccountsParams(url);
  const accounts = await locals.api.company.accounts.list(accountsListInput(accountsParams, params.id));
  const { languages, timeZones } = profileOptions();
  return { accounts, accountsParams, options: { languages, timeZones } };
}) satisfies PageServerLoad;
