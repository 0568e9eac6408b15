import { error } from '@sveltejs/kit';
import { requireArea } from '#lib/areas.ts';
import { profileOptions } from '#lib/components/accounts/profile-options.server.ts';
import { m } from '#lib/paraglide/messages.js';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const { area, auth } = requireArea(locals.auth, url);
  if (!auth.permissions.includes('partners.create')) {
    error(403, { message: m.partners_new_no_permission() });
  }
  /** The vendor creates tier-1s (distributors, ISPs); a tier-1 creates MSPs and resellers. */
  const creates = auth.tier === 'vendor' ? ('tier1' as const) : ('tier2' as const);
  // A tier-1 may give the new partner its first units and, for a reseller, its plans, when its
  // account may assign them; otherwise those steps say where to do it later.
  const canAssignLicenses = creates === 'tier2' && auth.permissions.includes('licensePool.assignToPartner');
  const canAssignPlans = creates === 'tier2' && auth.permissions.includes('servicePlans.modify');
  const assignablePlans = async () => {
    const first = await locals.api.servicePlans.list({ limit: 100, filters: { enabled: true, locked: false } });
    const items = [...first.items];
    for (let cursor = first.nextCursor; cursor !== null; ) {
      const page = await locals.api.servicePlans.list({ cursor, limit: 100, filters: { enabled: true, locked: false } });
      items.push(...page.items);
      cursor = page.nextCursor;
    }
    return { items };
  };
  const [pool, plans] = await Promise.all([
    canAssignLicenses ? locals.api.licensePool.list({ limit: 100 }) : null,
    canAssignPlans ? assignablePlans() : null,
  ]);
  return {
    area,
    options: profileOptions(),
    timeZone: auth.user.timeZone,
    language: auth.user.language,
    creates,
    /** The tier-1's own stock per product, to draw the initial licenses from. */
    pool: pool?.items ?? null,
    /** The tier-1's enabled, unlocked plans a reseller may be given. */
    plans: plans?.items ?? null,
  };
}) satisfies PageServerLoad;
