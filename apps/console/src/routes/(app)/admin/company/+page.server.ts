import { accountsList } from '#lib/components/accounts/accounts-params.ts';
import { profileOptions } from '#lib/components/accounts/profile-options.server.ts';
import { requireArea } from '#lib/areas.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  const accountsQuery = accountsList.query(accountsList.read(url), { limit: 25 });
  const [company, accounts] = await Promise.all([
    locals.api.company.get(),
    locals.api.company.accounts.list(accountsQuery.input),
  ]);
  return {
    area,
    group,
    company,
    accounts,
    accountsQuery,
    options: profileOptions(),
    timeZone: auth.user.timeZone,
    can: {
      editProfile: auth.permissions.includes('company.modify'),
      manage: auth.permissions.includes('company.accounts'),
      resetPasswords: auth.permissions.includes('company.resetPasswords'),
    },
  };
}) satisfies PageServerLoad;
