import { loadCompanyPage } from '#lib/company-page.ts';
import type { PageServerLoad } from './$types';

export const load = ((event) => loadCompanyPage(event, 'partners')) satisfies PageServerLoad;
