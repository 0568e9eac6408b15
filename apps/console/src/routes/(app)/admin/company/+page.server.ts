import { accountsListInput, readAccountsParams } from '#lib/components/accounts/accounts-params.ts';
import { profileOptions } from '#lib/components/accounts/profile-options.server.ts';
import { requireArea } from '#lib/areas.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const { area, group } = requireArea(locals.auth, url);
  const auth = locals.auth!;
  const params = readAccountsParams(url);
  const [company, accounts] = await Promise.all([
    locals.api.company.get(),
    locals.api.company.accounts.list(accountsListInput(params)),
  ]);
  return {
    area,
    group,
    company,
    accounts,
    params,
    options: profileOptions(),
    timeZone: auth.user.timeZone,
    can: {
      editProfile: auth.permissions.includes('company.modify'),
      manage: auth.permissions.includes('company.accounts'),
      resetPasswords: auth.permissions.includes('company.resetPasswords'),
    },
  };
}) satisfies PageServerLoad;
