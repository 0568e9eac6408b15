import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { licensePoolMovements, licensePools, products } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import * as jobs from '@keyway/core/jobs';
import { setAutoRefill } from '@keyway/core/license-pool';
import { assignPartnerLicenses } from '@keyway/core/partners';
import { actorFor, companyByAccount, createSeededDb, waitForQueue } from '@keyway/core/testing';
import { startWorker, type Worker } from '../worker.ts';

let t: TestDb;
let worker: Worker;
beforeAll(async () => {
  t = await createSeededDb();
  worker = await startWorker({ databaseUrl: t.url });
});
afterAll(async () => {
  await worker?.stop(5);
  await t.drop();
});

describe('license-pool.auto-refill in the worker', () => {
  it('refills a tier-1 pool once when an assignment takes it below its threshold', async () => {
    const actor = await actorFor(t.db, 'admin@northwind-distribution.example');
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const [ce] = await t.db.select().from(products).where(eq(products.code, 'CE'));
    const [pool] = await t.db
      .select()
      .from(licensePools)
      .where(and(eq(licensePools.companyId, actor.company.id), eq(licensePools.productId, ce!.id)));
    const remaining = pool!.fullTotal - pool!.fullAssigned;
    const queue = jobs.jobQueueOf(worker.boss);
    await setAutoRefill(t.db, queue, actor, { productId: ce!.id, threshold: remaining });
    await assignPartnerLicenses(t.db, queue, actor, { partnerId: bluefin.id, productId: ce!.id, fullUnits: 1 });

    const refills = () =>
      t.db
        .select()
        .from(licensePoolMovements)
        .where(and(eq(licensePoolMovements.poolId, pool!.id), eq(licensePoolMovements.kind, 'auto-refill')));
    const refillJobs = () => waitForQueue(worker.boss, jobs.licensePoolAutoRefill.name, { data: { poolId: pool!.id } });

    // The assignment that crossed the threshold queued one job with it; once it has run, one refill.
    expect(await refillJobs()).toHaveLength(1);
    const issued = await refills();
    expect(issued).toHaveLength(1);
    expect(issued[0]!.fullUnits).toBe(Math.ceil(remaining * 1.5));

    // The next assignment leaves the pool above the threshold: whatever it queued has run, and still one refill.
    await assignPartnerLicenses(t.db, queue, actor, { partnerId: bluefin.id, productId: ce!.id, fullUnits: 1 });
    await refillJobs();
    expect(await refills()).toHaveLength(1);
  });
});
