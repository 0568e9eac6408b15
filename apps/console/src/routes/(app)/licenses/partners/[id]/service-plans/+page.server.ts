import { requireArea } from '#lib/areas.ts';
import type { PageServerLoad } from './$types';

/**
 * A reseller's Service Plans tab, as its tier-1 sees it: the tier-1's plans assigned to the
 * reseller, and the others it may assign. MSPs make their own plans, so they have no such tab.
 */
export const load = (async ({ locals, params, parent, url }) => {
  const { auth } = requireArea(locals.auth, url);
  const { partner } = await parent();
  const canView = auth.permissions.includes('servicePlans.view') && auth.tier === 'tier1';
  if (!canView || partner.type !== 'reseller') {
    return { canView: false as const, isReseller: partner.type === 'reseller' };
  }
  const [assigned, own] = await Promise.all([
    locals.api.servicePlans.list({ limit: 100, filters: { resellerId: params.id } }),
    locals.api.servicePlans.list({ limit: 100 }),
  ]);
  return {
    canView: true as const,
    isReseller: true,
    assigned,
    own,
    canModify: auth.permissions.includes('servicePlans.modify') && partner.status === 'active',
  };
}) satisfies PageServerLoad;
