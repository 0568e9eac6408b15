import { requireArea } from '#lib/areas.ts';
import { formatCycle } from '#lib/format.ts';
import { transactionTypeLabel } from '#lib/labels.ts';
import { transactionsList } from './params.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  const timeZone = auth.user.timeZone;
  const params = transactionsList.read(url);
  const options = await locals.api.transactions.filterOptions({ timeZone, companyId: params.company || undefined });
  // What the filters do not offer (a month no longer kept, a company not below this one) is
  // dropped rather than failing the page.
  if (params.month && !options.months.some((month) => month.value === params.month)) params.month = '';
  if (params.product && !options.products.some((product) => product.id === params.product)) params.product = '';
  if (params.company && !options.company) params.company = '';
  const query = transactionsList.query(params, { filters: { timeZone } });
  const list = await locals.api.transactions.list(query.input);
  return {
    area,
    group,
    query,
    list,
    // The server sends codes and months with English names; the page names them in the reader's language.
    options: {
      ...options,
      types: options.types.map(({ value }) => ({ value, label: transactionTypeLabel(value) })),
      months: options.months.map(({ value }) => ({ value, label: formatCycle(value) })),
    },
    timeZone,
    /** Finding a company uses the customer/partner search. */
    canFindCompanies: auth.permissions.includes('customers.view') || auth.permissions.includes('partners.view'),
  };
}) satisfies PageServerLoad;
