import type { ApiCaller } from '@keyway/api';
import type { SignedIn } from '@keyway/core/auth';
import { lineChartSvg } from '#lib/server/charts.ts';
import { licenseHistoryChart } from './license-history.ts';

/** Batches and requests the dashboard lists; their lists show the rest. */
const SHORT_LIST = 5;

type Auth = Pick<SignedIn, 'permissions' | 'tier'>;

/**
 * The dashboard's license widgets, each loaded only when the account may read what it shows:
 * license status over time and the licenses expiring in the next 30 days (the customer summary),
 * the pool per product and the pending license requests (the license pool), the latest key
 * batches (registration keys). Each is null when its privilege is missing.
 */
export async function licenseWidgets(api: ApiCaller, auth: Auth) {
  const may = (permission: SignedIn['permissions'][number]) => auth.permissions.includes(permission);
  const [history, expiring, pools, requests, batches] = await Promise.all([
    may('customers.summary') ? api.dashboard.licenseHistory({}) : null,
    may('customers.summary') ? api.dashboard.expiringLicenses({}) : null,
    may('licensePool.view') ? api.licensePool.list({ limit: 100 }) : null,
    may('licensePool.view') ? api.licensePool.requests.list({ limit: SHORT_LIST, filters: { status: 'pending' } }) : null,
    may('registrationKeys.view') ? api.registrationKeys.batches.list({ limit: SHORT_LIST }) : null,
  ]);
  const chart = history && licenseHistoryChart(history.points);
  return {
    history: chart && { ...chart, svg: lineChartSvg(chart) },
    expiring,
    pools: pools && {
      // Products the company holds or held units of; an untouched catalogue entry says nothing.
      items: pools.items.filter((line) => line.poolId !== null),
      total: pools.total,
    },
    requests: requests && {
      items: requests.items,
      total: requests.total,
      /** A tier-1 decides its partners' requests; an MSP waits on its own. */
      decides: auth.tier === 'tier1',
    },
    batches,
  };
}
