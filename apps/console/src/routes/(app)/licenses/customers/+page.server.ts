import { requireArea } from '#lib/areas.ts';
import { trpcErrorCode } from '#lib/api-errors.ts';
import { DIRECT } from '#lib/components/customers/customers-list.ts';
import { customersList } from '#lib/components/customers/customers-params.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  const query = customersList.query(customersList.read(url));
  const canViewPartners = auth.permissions.includes('partners.view');
  const [list, partnerName, licenseFilters] = await Promise.all([
    locals.api.customers.list(query.input),
    partnerNameOf(query.params.partner),
    locals.api.search.licenseFilterOptions(),
  ]);
  return {
    area,
    group,
    query,
    list,
    partnerName,
    licenseFilters,
    timeZone: auth.user.timeZone,
    /** A tier-1 lists its partners' customers and its own; the vendor any partner's (a tier-1's: its channel). */
    byPartner: auth.tier === 'tier1' || auth.tier === 'vendor',
    /** The vendor reads the whole tree: each customer with the partner that manages it. */
    showPartner: auth.tier === 'tier1' || auth.tier === 'vendor',
    canViewPartners,
    canCreate: auth.permissions.includes('customers.create'),
    canExport: auth.permissions.includes('customers.view'),
  };

  /** The filtered partner's name for the filter's label; unknown or out-of-scope ids have none. */
  async function partnerNameOf(partner: string): Promise<string | null> {
    if (!partner || partner === DIRECT || !canViewPartners) return null;
    try {
      return (await locals.api.partners.get({ id: partner })).name;
    } catch (cause) {
      if (trpcErrorCode(cause) === 'NOT_FOUND') return null;
      throw cause;
    }
  }
}) satisfies PageServerLoad;
