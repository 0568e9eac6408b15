import { loadCompanyAccounts } from '#lib/components/accounts/accounts-page.server.ts';
import type { PageServerLoad } from './$types';

export const load = (({ locals, params, url }) => loadCompanyAccounts(locals.api, params.id, url)) satisfies PageServerLoad;
