import type { PageServerLoad } from './$types';

const STATUSES = ['pending', 'active', 'grace', 'expired', 'suspended', 'discontinued'] as const;
type Status = (typeof STATUSES)[number];

export const load = (async ({ locals, params, url, parent }) => {
  const { can } = await parent();
  const raw = url.searchParams.get('status') ?? '';
  const status = (STATUSES as readonly string[]).includes(raw) ? (raw as Status) : undefined;
  const [licenses, plans] = await Promise.all([
    locals.api.customers.licenses.list({ customerId: params.id, filters: { status } }),
    can.modify ? locals.api.customers.licenses.plans({ customerId: params.id }) : Promise.resolve({ items: [] }),
  ]);
  return {
    licenses,
    plans: plans.items,
    status: status ?? '',
    // The server's calendar day: start dates are checked against it.
    today: new Date().toISOString().slice(0, 10),
  };
}) satisfies PageServerLoad;
