import { keyBatches, type Db } from '@keyway/db';
import { addMonths, today } from '../dates.ts';
import type { JobQueue } from '../jobs/index.ts';
import { createKeyBatch, runKeyBatch } from '../registration-keys/index.ts';
import { demoPlan } from './service-plans.ts';
import { actorOf } from './usage-reports.ts';

interface DemoBatch {
  /** The issuing company's account name; its license manager starts the batch. */
  company: string;
  /** The account name of the plan's owner: the company itself, or the tier-1 lending it to a reseller. */
  planOwner: string;
  plan: string;
  count: number;
  note: string;
}

/**
 * Two batches of different sizes in Northwind's channel, so each tier that sees key batches has
 * some: the MSP's on its own plan, the reseller's on a plan its tier-1 lends it, and Northwind
 * sees both. Contoso's channel has none: its German pages show the lists' empty state.
 */
const BATCHES: DemoBatch[] = [
  { company: 'bluefin-it', planOwner: 'bluefin-it', plan: 'Endpoint Protection Annual', count: 250, note: 'Retail boxes for the spring campaign' },
  { company: 'harbor-resellers', planOwner: 'northwind-distribution', plan: 'Email Security Annual', count: 40, note: 'Cards for the Boston trade fair' },
];

/**
 * Registration-key batches made as the Registration Keys page makes them (batch, queued job and
 * audit entry in one transaction), then generated here, so the demo starts with them Ready; the
 * worker's run of the queued job finds them complete and writes nothing. A batch cannot stay in
 * progress: the worker would finish it. Runs once: nothing happens when any batch exists.
 */
export async function seedKeyBatches(db: Db, jobs: JobQueue): Promise<void> {
  const [seeded] = await db.select({ id: keyBatches.id }).from(keyBatches).limit(1);
  if (seeded) return;
  const validUntil = addMonths(today(), 12);
  for (const spec of BATCHES) {
    const actor = await actorOf(db, `license-manager@${spec.company}.example`);
    const owner = await actorOf(db, `license-manager@${spec.planOwner}.example`);
    const plan = await demoPlan(db, owner.company.id, spec.plan);
    if (!plan) throw new Error(`The demo plan ${spec.plan} of ${spec.planOwner} is missing: seed the demo data first.`);
    const batch = await createKeyBatch(db, jobs, actor, { planId: plan.id, count: spec.count, validUntil, note: spec.note });
    await runKeyBatch(db, batch.id);
  }
}
