import { CURRENCY_CODES } from '@keyway/core/price-lists';
import { requireArea } from '#lib/areas.ts';
import { endedCycles } from '#lib/components/usage-reports/format.ts';
import { partnerFilter } from '#lib/server/usage-reports.ts';
import { billingReportsList } from './params.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  const vendor = auth.tier === 'vendor';
  const params = billingReportsList.read(url);
  // The tier-1 filters by partner, the vendor by tier-1; a choice the caller cannot make is
  // dropped rather than failing the page.
  const [{ partners, partner }, tier1s] = await Promise.all([
    partnerFilter(locals.api, auth, !vendor, params.partner),
    vendor ? locals.api.priceLists.accounts().then((rows) => rows.map((row) => ({ id: row.companyId, name: row.companyName }))) : [],
  ]);
  params.partner = partner;
  if (!vendor || !tier1s.some((tier1) => tier1.id === params.tier1)) params.tier1 = '';
  const query = billingReportsList.query(params);
  const [list, summary] = await Promise.all([
    locals.api.billingReports.list(query.input),
    // The totals follow the cycle filter, or show the latest cycle with bills.
    locals.api.billingReports.summary({ cycle: params.cycle || undefined }),
  ]);
  return {
    area,
    group,
    query,
    list,
    summary,
    vendor,
    partners,
    tier1s,
    company: { id: auth.company.id, name: auth.company.name },
    /** The cycles the filter and "Run billing" offer. */
    cycles: endedCycles(),
    /** The currencies the filter offers, by code (the billing module holds server code, so the page imports only its types). */
    currencies: CURRENCY_CODES,
    can: { run: auth.permissions.includes('billingReports.run'), prices: !vendor && auth.permissions.includes('priceLists.view') },
  };
}) satisfies PageServerLoad;
