import { licenseRequests, products, type Db } from '@keyway/db';
import type { JobQueue } from '../jobs/index.ts';
import { approveLicenseRequest, createLicenseRequest, rejectLicenseRequest, setMinimum } from '../license-pool/index.ts';
import { actorOf } from './usage-reports.ts';

/**
 * The minimum full units each tier-1 keeps per product, set by its license manager: Northwind's
 * Server Security (496 left after the Lakeside Credit Union license) and Contoso's Web Gateway
 * (800 left after its partners' shares) sit below theirs, so each dashboard has a warning among
 * products above their minimum. Cloud Backup, which the tier-1s do not stock, keeps none.
 */
const TIER1_MINIMUMS: Record<string, Record<string, number>> = {
  'northwind-distribution': { CE: 500, EP: 1000, WG: 300, SS: 600 },
  'contoso-networks': { CE: 500, EP: 1000, WG: 900, SS: 150 },
};

interface DemoRequest {
  /** The requesting tier-2's license manager. */
  by: string;
  product: string;
  versionType: 'trial' | 'full';
  units: number;
  note?: string;
  /** Decided by the parent's license manager; pending when absent. */
  decision?: { by: string; approve: true } | { by: string; reject: string };
}

/**
 * License requests from the MSPs to their tier-1s, oldest first: pending ones on both tier-1s'
 * License Pool pages and dashboards, one approved (its units moved to Bluefin's pool) and one
 * rejected with its reason.
 */
const REQUESTS: DemoRequest[] = [
  {
    by: 'license-manager@bluefin-it.example',
    product: 'CE',
    versionType: 'full',
    units: 100,
    note: 'Golden Gate Architects moves its mailboxes to us next month.',
    decision: { by: 'license-manager@northwind-distribution.example', approve: true },
  },
  {
    by: 'license-manager@summit-msp.example',
    product: 'EP',
    versionType: 'full',
    units: 800,
    note: 'Stock for the season: every ski school device in Tirol.',
    decision: {
      by: 'license-manager@contoso-networks.example',
      reject: 'Tirol Ski Schools has 40 devices; ask again for what its license needs.',
    },
  },
  {
    by: 'license-manager@bluefin-it.example',
    product: 'EP',
    versionType: 'full',
    units: 150,
    note: 'Mission Street Clinic opens a second site with 120 devices.',
  },
  { by: 'license-manager@bluefin-it.example', product: 'WG', versionType: 'trial', units: 10, note: 'Trials for two prospects.' },
  {
    by: 'license-manager@summit-msp.example',
    product: 'CE',
    versionType: 'full',
    units: 60,
    note: 'Danube Pharma turns its trial into an annual plan.',
  },
];

/**
 * Tier-1 pool minimums and license requests, through the functions the License Pool page calls,
 * so each carries its ledger movement, mails and audit entries. Runs once: nothing happens when
 * any license request exists. Needs the job queue for the mails the requests and decisions send,
 * and the console's origin for the links in them.
 */
export async function seedLicenseRequests(db: Db, jobs: JobQueue, origin: string): Promise<void> {
  const [seeded] = await db.select({ id: licenseRequests.id }).from(licenseRequests).limit(1);
  if (seeded) return;
  const catalog = await db.select({ id: products.id, code: products.code }).from(products);
  const productId = (code: string) => {
    const found = catalog.find((p) => p.code === code);
    if (!found) throw new Error(`The demo product ${code} is missing: seed the demo data first.`);
    return found.id;
  };

  for (const [tier1, minimums] of Object.entries(TIER1_MINIMUMS)) {
    const manager = await actorOf(db, `license-manager@${tier1}.example`);
    for (const [code, minimum] of Object.entries(minimums)) {
      await setMinimum(db, manager, { productId: productId(code), minimum });
    }
  }

  const context = { origin };
  for (const spec of REQUESTS) {
    const requester = await actorOf(db, spec.by);
    const request = await createLicenseRequest(
      db,
      jobs,
      requester,
      { productId: productId(spec.product), versionType: spec.versionType, units: spec.units, note: spec.note },
      context,
    );
    if (!spec.decision) continue;
    const decider = await actorOf(db, spec.decision.by);
    if ('approve' in spec.decision) await approveLicenseRequest(db, jobs, decider, { id: request.id }, context);
    else await rejectLicenseRequest(db, jobs, decider, { id: request.id, reason: spec.decision.reject }, context);
  }
}

