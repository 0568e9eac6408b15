import { requireArea } from '#lib/areas.ts';
import { REQUESTS_PAGE_SIZE } from '#lib/components/license-pool/types.ts';
import type { PageServerLoad } from './$types';
import { requestsList } from './requests-params.ts';

export const load = (async ({ locals, url }) => {
  const { area, group, auth } = requireArea(locals.auth, url);
  const permissions = auth.permissions;
  const requestsQuery = requestsList.query({}, { limit: REQUESTS_PAGE_SIZE });
  const [pool, requests] = await Promise.all([
    locals.api.licensePool.list({ limit: 100 }),
    locals.api.licensePool.requests.list(requestsQuery.input),
  ]);
  return {
    area,
    group,
    pool,
    requests,
    requestsQuery,
    can: {
      modify: permissions.includes('licensePool.modify'),
      fromVendor: permissions.includes('licensePool.requestFromVendor'),
      decide: permissions.includes('licensePool.assignToPartner'),
    },
  };
}) satisfies PageServerLoad;
