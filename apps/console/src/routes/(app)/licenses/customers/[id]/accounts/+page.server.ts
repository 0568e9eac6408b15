import { accountsList } from '#lib/components/accounts/accounts-params.ts';
import { profileOptions } from '#lib/components/accounts/profile-options.server.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, params, url }) => {
  const accountsQuery = accountsList.query(accountsList.read(url), { companyId: params.id, limit: 25 });
  const accounts = await locals.api.company.accounts.list(accountsQuery.input);
  const { languages, timeZones } = profileOptions();
  return { accounts, accountsQuery, options: { languages, timeZones } };
}) satisfies PageServerLoad;
