import { requireArea } from '#lib/areas.ts';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, params, url }) => {
  const { permissions } = requireArea(locals.auth, url).auth;
  // The partner's pools are license information: its tier-1's administrators and license managers
  // see them. The vendor holds no pool and assigns none: a tier-1 keeps its own.
  if (!permissions.includes('licensePool.view')) return { licenses: null, ownPool: null, canAssign: false };
  const [licenses, ownPool] = await Promise.all([
    locals.api.partners.licenses.list({ partnerId: params.id }),
    locals.api.licensePool.list({ limit: 100 }),
  ]);
  return { licenses, ownPool: ownPool.items, canAssign: permissions.includes('licensePool.assignToPartner') };
}) satisfies PageServerLoad;
