import { profileOptions } from '#lib/components/accounts/profile-options.server.ts';
import { requireArea } from '#lib/areas.ts';
import { roleLabel } from '#lib/labels.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const { area, group } = requireArea(locals.auth, url);
  const [account, sessions] = await Promise.all([locals.api.account.get(), locals.api.account.sessions.list()]);
  const { languages, timeZones } = profileOptions();
  return {
    area,
    group,
    account: { ...account, roleLabel: roleLabel(account.role) },
    sessions: sessions.items,
    options: { languages, timeZones },
  };
}) satisfies PageServerLoad;
