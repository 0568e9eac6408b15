import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, keyBatches, products, registrationKeys, servicePlans, type Db } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { actorDb } from '../tenancy/index.ts';
import { actorFor, companyByAccount, createSeededDb } from '../testing/index.ts';
import { formatKey, generateKeyCode } from './format.ts';
import { getBatch, getKey, keyExport, listBatches, listKeys, voidKeys } from './keys.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createSeededDb();
});
afterAll(async () => {
  await t.drop();
});

/** A ready batch of `count` available keys on one of the company's plans (or of `planOf`'s plans). */
async function insertBatch(db: Db, accountName: string, count: number, validUntil = '2030-12-31', planOf = accountName) {
  const company = await companyByAccount(db, accountName);
  const planOwner = planOf === accountName ? company : await companyByAccount(db, planOf);
  const [plan] = await db
    .select({ id: servicePlans.id, productId: servicePlans.productId, prefix: products.code })
    .from(servicePlans)
    .innerJoin(products, eq(products.id, servicePlans.productId))
    .where(eq(servicePlans.companyId, planOwner.id))
    .limit(1);
  const stamps = { companyId: company.id, channelId: company.channelId, partnerId: company.partnerId, customerId: company.customerId };
  const [batch] = await db
    .insert(keyBatches)
    .values({ ...stamps, planId: plan!.id, productId: plan!.productId, count, generated: count, validUntil, status: 'ready' })
    .returning();
  const keys = await db
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

describe('registration keys', () => {
  it('lists an MSP its keys by status and by the beginning of a key typed any way, paged by keyset', async () => {
    const msp = await actorFor(t.db, 'admin@bluefin-it.example');
    const { batch, keys } = await insertBatch(t.db, 'bluefin-it', 30);
    const first = await listKeys(t.db, msp, { limit: 20, filters: { batchId: batch.id } });
    expect(first.total).toBe(30);
    expect(first.items).toHaveLength(20);
    expect(first.items[0]!.key).toMatch(/^[A-Z]{2}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const second = await listKeys(t.db, msp, { limit: 20, cursor: first.nextCursor!, filters: { batchId: batch.id } });
    expect(second.items).toHaveLength(10);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((k) => k.id)).size).toBe(30);

    const target = keys[7]!;
    const typed = formatKey(target.code).slice(0, 12).toLowerCase().replace('-', ' - ');
    const found = await listKeys(t.db, msp, { filters: { query: typed } });
    expect(found.items.map((k) => k.id)).toContain(target.id);
    const middle = await listKeys(t.db, msp, { filters: { batchId: batch.id, query: target.code.slice(5, 14) } });
    expect(middle.items.map((k) => k.id)).not.toContain(target.id);

    const voided = await listKeys(t.db, msp, { filters: { batchId: batch.id, status: 'voided' } });
    expect(voided.total).toBe(0);
  });

  it('shows another channel none of the keys, and answers NOT_FOUND for their ids', async () => {
    const other = await actorFor(t.db, 'admin@contoso-networks.example');
    const { batch, keys } = await insertBatch(t.db, 'bluefin-it', 2);
    expect((await listKeys(t.db, other, { filters: { batchId: batch.id } })).total).toBe(0);
    await expect(getKey(t.db, other, { id: keys[0]!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getBatch(t.db, other, { id: batch.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(voidKeys(t.db, other, { ids: [keys[0]!.id], reason: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const tier1 = await actorFor(t.db, 'admin@northwind-distribution.example');
    expect((await getKey(t.db, tier1, { id: keys[0]!.id })).status).toBe('available');
  });

  it('lists and opens a key whose plan the reader cannot see, counted and shown alike, its plan name absent', async () => {
    // Another partner's plan used across the tree: the reseller's row-level policies hide it.
    const reseller = await actorFor(t.db, 'admin@harbor-resellers.example');
    const { batch, keys } = await insertBatch(t.db, 'harbor-resellers', 3, '2030-12-31', 'bluefin-it');
    const db = actorDb(t.db, reseller);
    const list = await listKeys(db, reseller, { filters: { batchId: batch.id } });
    expect(list.total).toBe(3);
    expect(list.items.map((k) => ({ id: k.id, planName: k.planName }))).toEqual(
      [...keys].reverse().map((k) => ({ id: k.id, planName: null })),
    );
    expect(await getKey(db, reseller, { id: keys[0]!.id })).toMatchObject({ planName: null, productName: expect.any(String) });
  });

  it('voids available keys with a reason and an audit row each; a registered key among them voids nothing', async () => {
    const msp = await actorFor(t.db, 'admin@bluefin-it.example');
    const { keys } = await insertBatch(t.db, 'bluefin-it', 4);
    const customer = await companyByAccount(t.db, 'bluefin-it');
    await t.db
      .update(registrationKeys)
      .set({ status: 'registered', registeredCompanyId: customer.id, registeredAt: new Date() })
      .where(eq(registrationKeys.id, keys[3]!.id));
    await expect(voidKeys(t.db, msp, { ids: keys.map((k) => k.id), reason: 'Sold in error' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('1 of the 4 keys cannot be voided (1 registered)'),
    });
    expect((await getKey(t.db, msp, { id: keys[0]!.id })).status).toBe('available');
    await expect(voidKeys(t.db, msp, { ids: [keys[0]!.id], reason: '  ' })).rejects.toThrow();

    expect(await voidKeys(t.db, msp, { ids: [keys[0]!.id, keys[1]!.id], reason: 'Sold in error' })).toEqual({ voided: 2 });
    const detail = await getKey(t.db, msp, { id: keys[0]!.id });
    expect(detail).toMatchObject({ status: 'voided', voided: { reason: 'Sold in error', byName: expect.any(String) } });
    const audits = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'registration-key.void'), eq(auditLog.targetId, String(keys[0]!.id))));
    expect(audits).toHaveLength(1);
    await expect(voidKeys(t.db, msp, { ids: [keys[0]!.id], reason: 'Again' })).rejects.toThrow(/already voided/);
  });

  it('lists batches with their progress and exports a batch as CSV keys', async () => {
    const msp = await actorFor(t.db, 'admin@bluefin-it.example');
    const { batch } = await insertBatch(t.db, 'bluefin-it', 5);
    const list = await listBatches(t.db, msp, {});
    expect(list.items.find((b) => b.id === batch.id)).toMatchObject({ count: 5, generated: 5, status: 'ready' });
    expect(await getBatch(t.db, msp, { id: batch.id })).toMatchObject({ count: 5, generated: 5 });
    const { rows, stream } = await keyExport.start(t.db, msp, { format: 'csv', filters: { batchId: batch.id } });
    expect(rows).toBe(5);
    let text = '';
    for await (const chunk of stream) text += String(chunk);
    const lines = text.trim().split(/\r?\n/);
    expect(lines[0]).toContain('Registration key');
    expect(lines.slice(1).filter((line) => /^[A-Z]{2}-\w{4}-\w{4}-\w{4}-\w{4},available/.test(line))).toHaveLength(5);
  });
});
