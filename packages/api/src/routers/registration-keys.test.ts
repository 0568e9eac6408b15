import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { keyBatches, products, registrationKeys, servicePlans } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { createJobQueue, type JobQueue } from '@keyway/core/jobs';
import { companyByAccount, createSeededDb } from '@keyway/core/testing';
import { generateKeyCode } from '@keyway/core/registration-keys';
import { runKeyBatch } from '@keyway/core/registration-keys';
import { callerAs } from '../testing/callers.ts';

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

const MSP = 'admin@bluefin-it.example';
const OTHER_CHANNEL = 'admin@contoso-networks.example';
const as = (email: string) => callerAs(t.db, email, { jobs });

/** A ready batch of available keys on one of Bluefin's plans. */
async function bluefinBatch(count: number) {
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
    .values({ ...stamps, planId: plan!.id, productId: plan!.productId, count, generated: count, validUntil: '2030-12-31', status: 'ready' })
    .returning();
  const keys = await t.db
    .insert(registrationKeys)
    .values(
      Array.from({ length: count }, (_, seq) => ({
        ...stamps,
        code: generateKeyCode(plan!.prefix),
        batchId: batch!.id,
        seq,
        planId: plan!.id,
        productId: plan!.productId,
      })),
    )
    .returning();
  return { batch: batch!, keys, planId: plan!.id };
}

describe('registrationKeys.batches', () => {
  it('lists and gets an MSP its batches with their progress; another channel gets NOT_FOUND', async () => {
    const { batch } = await bluefinBatch(3);
    const msp = await as(MSP);
    const list = await msp.registrationKeys.batches.list({});
    expect(list.items.find((b) => b.id === batch.id)).toMatchObject({ count: 3, generated: 3, status: 'ready' });
    expect(await msp.registrationKeys.batches.get({ id: batch.id })).toMatchObject({ status: 'ready', count: 3, generated: 3 });
    const other = await as(OTHER_CHANNEL);
    expect((await other.registrationKeys.batches.list({})).items.some((b) => b.id === batch.id)).toBe(false);
    await expect(other.registrationKeys.batches.get({ id: batch.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(msp.registrationKeys.batches.get({ id: 'nope' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('registrationKeys.plans and batches.create', () => {
  it('generates keys from one of the MSP\'s plans: queued, then filled by the generation run; another channel\'s plan is NOT_FOUND', async () => {
    const msp = await as(MSP);
    const { items: plans } = await msp.registrationKeys.plans();
    expect(plans.length).toBeGreaterThan(0);
    const created = await msp.registrationKeys.batches.create({ planId: plans[0]!.id, count: 25, validUntil: '2030-06-30', note: 'Trade show' });
    expect(await msp.registrationKeys.batches.get({ id: created.id })).toMatchObject({ status: 'queued', count: 25, generated: 0, note: 'Trade show' });
    await runKeyBatch(t.db, created.id);
    expect(await msp.registrationKeys.batches.get({ id: created.id })).toMatchObject({ status: 'ready', count: 25, generated: 25 });
    expect((await msp.registrationKeys.list({ filters: { batchId: created.id } })).total).toBe(25);

    const other = await as(OTHER_CHANNEL);
    await expect(other.registrationKeys.batches.create({ planId: plans[0]!.id, count: 1, validUntil: '2030-06-30' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const support = await as('support-manager@northwind-distribution.example');
    await expect(support.registrationKeys.batches.create({ planId: plans[0]!.id, count: 1, validUntil: '2030-06-30' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('registrationKeys.list and get', () => {
  it('filters by batch, status and typed key text; the detail formats the key; other channels see nothing', async () => {
    const { batch, keys } = await bluefinBatch(3);
    const msp = await as(MSP);
    const list = await msp.registrationKeys.list({ filters: { batchId: batch.id, status: 'available' } });
    expect(list.total).toBe(3);
    const code = keys[1]!.code;
    const typed = `${code.slice(0, 2)}-${code.slice(2, 6)}`.toLowerCase();
    const found = await msp.registrationKeys.list({ filters: { batchId: batch.id, query: typed } });
    expect(found.items.map((k) => k.id)).toEqual([keys[1]!.id]);
    const detail = await msp.registrationKeys.get({ id: keys[1]!.id });
    expect(detail).toMatchObject({ status: 'available', registered: null, license: null, batch: { id: batch.id, validUntil: '2030-12-31' } });
    expect(detail.key).toBe(`${code.slice(0, 2)}-${code.slice(2, 6)}-${code.slice(6, 10)}-${code.slice(10, 14)}-${code.slice(14)}`);

    const other = await as(OTHER_CHANNEL);
    expect((await other.registrationKeys.list({ filters: { batchId: batch.id } })).total).toBe(0);
    await expect(other.registrationKeys.get({ id: keys[1]!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('registrationKeys.void', () => {
  it('voids with a reason; refuses a voided key among others naming how many and why; needs the void privilege', async () => {
    const { keys } = await bluefinBatch(3);
    const msp = await as(MSP);
    await expect(msp.registrationKeys.void({ ids: [keys[0]!.id], reason: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('Say why') });
    expect(await msp.registrationKeys.void({ ids: [keys[0]!.id], reason: 'Customer changed plan' })).toEqual({ voided: 1 });
    expect((await msp.registrationKeys.get({ id: keys[0]!.id })).status).toBe('voided');
    await expect(msp.registrationKeys.void({ ids: keys.map((k) => k.id), reason: 'Again' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('1 of the 3 keys cannot be voided (1 already voided)'),
    });
    expect((await msp.registrationKeys.get({ id: keys[1]!.id })).status).toBe('available');

    const other = await as(OTHER_CHANNEL);
    await expect(other.registrationKeys.void({ ids: [keys[1]!.id], reason: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const accountManager = await as('customer-account-manager@northwind-distribution.example');
    await expect(accountManager.registrationKeys.void({ ids: [keys[1]!.id], reason: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('registrationKeys.export', () => {
  it('answers the download address and row count of a batch; another channel gets NOT_FOUND for the batch', async () => {
    const { batch } = await bluefinBatch(4);
    const msp = await as(MSP);
    const prepared = await msp.registrationKeys.export({ format: 'csv', filters: { batchId: batch.id } });
    expect(prepared).toEqual({ url: `/api/exports/registration-keys?format=csv&batchId=${batch.id}`, rows: 4, format: 'csv' });
    const other = await as(OTHER_CHANNEL);
    await expect(other.registrationKeys.export({ format: 'csv', filters: { batchId: batch.id } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
