import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { keyBatches, products, registrationKeys, servicePlans } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { createJobQueue, type JobQueue } from '../jobs/index.ts';
import { runLicensesDaily } from '../licenses/index.ts';
import { companyByAccount, createSeededDb } from '../testing/index.ts';
import { generateKeyCode } from './format.ts';

let t: TestDb;
let jobs: JobQueue;
beforeAll(async () => {
  t = await createSeededDb();
  jobs = createJobQueue(t.url);
});
afterAll(async () => {
  await jobs.stop();
  await t.drop();
});

async function batchValidUntil(validUntil: string, count: number) {
  const company = await companyByAccount(t.db, 'bluefin-it');
  const [plan] = await t.db
    .select({ id: servicePlans.id, productId: servicePlans.productId, prefix: products.code })
    .from(servicePlans)
    .innerJoin(products, eq(products.id, servicePlans.productId))
    .where(eq(servicePlans.companyId, company.id))
    .limit(1);
  const stamps = { companyId: company.id, channelId: company.channelId, partnerId: company.partnerId, customerId: company.customerId };
  const [batch] = await t.db
    .insert(keyBatches)
    .values({ ...stamps, planId: plan!.id, productId: plan!.productId, count, generated: count, validUntil, status: 'ready' })
    .returning();
  await t.db.insert(registrationKeys).values(
    Array.from({ length: count }, (_, seq) => ({
      ...stamps,
      code: generateKeyCode(plan!.prefix),
      batchId: batch!.id,
      seq,
      planId: plan!.id,
      productId: plan!.productId,
    })),
  );
  return batch!;
}

const statuses = async (batchId: string) =>
  (await t.db.select({ status: registrationKeys.status }).from(registrationKeys).where(eq(registrationKeys.batchId, batchId)).orderBy(registrationKeys.seq)).map((r) => r.status);

describe('licenses.daily: registration keys', () => {
  it('expires the available keys of a batch after its last valid day, in chunks, once; other keys stay as they are', async () => {
    const ended = await batchValidUntil('2031-01-10', 7);
    const lasting = await batchValidUntil('2031-01-11', 3);
    const [registered, voided] = await t.db.select().from(registrationKeys).where(eq(registrationKeys.batchId, ended.id)).orderBy(registrationKeys.seq).limit(2);
    await t.db.update(registrationKeys).set({ status: 'registered', registeredAt: new Date() }).where(eq(registrationKeys.id, registered!.id));
    await t.db.update(registrationKeys).set({ status: 'voided', voidReason: 'Sold in error' }).where(eq(registrationKeys.id, voided!.id));

    // Its last valid day: still available.
    expect((await runLicensesDaily(t.db, jobs, '2031-01-10')).keysExpired).toBe(0);
    expect(await statuses(ended.id)).toEqual(['registered', 'voided', 'available', 'available', 'available', 'available', 'available']);

    const first = await runLicensesDaily(t.db, jobs, '2031-01-11', { chunk: 2 });
    expect(first.keysExpired).toBe(5);
    expect(await statuses(ended.id)).toEqual(['registered', 'voided', 'expired', 'expired', 'expired', 'expired', 'expired']);
    expect(await statuses(lasting.id)).toEqual(['available', 'available', 'available']);
    expect((await runLicensesDaily(t.db, jobs, '2031-01-11')).keysExpired).toBe(0);
  });
});
