import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, ne, sql } from 'drizzle-orm';
import { auditLog, keyBatches, products, rateLimits, registrationKeys, servicePlans, type Db } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { DomainError } from '../errors.ts';
import { createJobQueue, registrationKeysGenerate, type JobQueue } from '../jobs/index.ts';
import { addMonths, today } from '../dates.ts';
import { actorFor, companyByAccount, createSeededDb, waitForLockWaiters } from '../testing/index.ts';
import { generateKeyCode, hasValidCheckCharacter } from './format.ts';
import { createKeyBatch, KEY_BATCH_RATE_LIMIT, markKeyBatchFailed, runKeyBatch } from './generate.ts';

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

async function planOf(db: Db, accountName: string) {
  const company = await companyByAccount(db, accountName);
  const [plan] = await db
    .select({ id: servicePlans.id, productId: servicePlans.productId, prefix: products.code })
    .from(servicePlans)
    .innerJoin(products, eq(products.id, servicePlans.productId))
    .where(and(eq(servicePlans.companyId, company.id), eq(servicePlans.enabled, true)))
    .limit(1);
  return { company, plan: plan! };
}

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

const inAYear = () => addMonths(today(), 12);

describe('creating a key batch', () => {
  it('records the batch with the issuing company’s stamps, queues its job and writes an audit row, all at once', async () => {
    const msp = await actorFor(t.db, 'admin@bluefin-it.example');
    const { company, plan } = await planOf(t.db, 'bluefin-it');
    const batch = await createKeyBatch(t.db, jobs, msp, { planId: plan.id, count: 250, validUntil: inAYear(), note: '  Spring campaign ' });
    expect(batch).toMatchObject({ planId: plan.id, productId: plan.productId, count: 250, generated: 0, status: 'queued', note: 'Spring campaign' });

    const [row] = await t.db.select().from(keyBatches).where(eq(keyBatches.id, batch.id));
    expect(row).toMatchObject({ companyId: company.id, channelId: company.channelId, partnerId: company.partnerId, customerId: null, createdBy: msp.userId });
    const queued = await t.db.execute<{ data: { batchId: string } }>(
      sql`select data from pgboss.job where name = ${registrationKeysGenerate.name} and data->>'batchId' = ${batch.id}`,
    );
    expect(queued).toHaveLength(1);
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'key-batch.create'), eq(auditLog.targetId, batch.id)));
    expect(audits).toHaveLength(1);
  });

  it('refuses a validity in the past or more than 5 years ahead, a count out of range and a long note', async () => {
    const msp = await actorFor(t.db, 'admin@bluefin-it.example');
    const { plan } = await planOf(t.db, 'bluefin-it');
    const base = { planId: plan.id, count: 10, validUntil: inAYear() };
    expect((await failure(createKeyBatch(t.db, jobs, msp, { ...base, validUntil: '2020-01-01' }))).message).toBe(
      'The validity date must be today or later.',
    );
    expect((await failure(createKeyBatch(t.db, jobs, msp, { ...base, validUntil: addMonths(today(), 61) }))).message).toMatch(
      /^Keys can be valid for at most 5 years: choose \d{4}-\d\d-\d\d or earlier\.$/,
    );
    await expect(createKeyBatch(t.db, jobs, msp, { ...base, count: 0 })).rejects.toThrow('Generate at least 1 key.');
    await expect(createKeyBatch(t.db, jobs, msp, { ...base, count: 1_000_001 })).rejects.toThrow('Generate at most 1,000,000 keys at once.');
    await expect(createKeyBatch(t.db, jobs, msp, { ...base, note: 'x'.repeat(501) })).rejects.toThrow('The note can be at most 500 characters.');
  });

  it('answers NOT_FOUND for a plan of another subtree and BAD_REQUEST for a disabled one, and queues nothing', async () => {
    const msp = await actorFor(t.db, 'admin@bluefin-it.example');
    const { plan: foreign } = await planOf(t.db, 'contoso-networks');
    const error = await failure(createKeyBatch(t.db, jobs, msp, { planId: foreign.id, count: 10, validUntil: inAYear() }));
    expect(error.code).toBe('NOT_FOUND');

    const { plan } = await planOf(t.db, 'bluefin-it');
    await t.db.update(servicePlans).set({ enabled: false }).where(eq(servicePlans.id, plan.id));
    try {
      const disabled = await failure(createKeyBatch(t.db, jobs, msp, { planId: plan.id, count: 10, validUntil: inAYear() }));
      expect(disabled.code).toBe('BAD_REQUEST');
      expect(disabled.message).toMatch(/is disabled/);
    } finally {
      await t.db.update(servicePlans).set({ enabled: true }).where(eq(servicePlans.id, plan.id));
    }
    const batches = await t.db.select().from(keyBatches).where(eq(keyBatches.planId, foreign.id));
    expect(batches).toHaveLength(0);
  });

  it('limits a company to 20 batches an hour with a message saying when to try again', async () => {
    const msp = await actorFor(t.db, 'admin@contoso-networks.example');
    const { company, plan } = await planOf(t.db, 'contoso-networks');
    await t.db.delete(rateLimits).where(eq(rateLimits.key, `key-batches:${company.id}`));
    for (let i = 0; i < KEY_BATCH_RATE_LIMIT.limit; i++) {
      await createKeyBatch(t.db, jobs, msp, { planId: plan.id, count: 1, validUntil: inAYear() });
    }
    const error = await failure(createKeyBatch(t.db, jobs, msp, { planId: plan.id, count: 1, validUntil: inAYear() }));
    expect(error.code).toBe('TOO_MANY_REQUESTS');
    expect(error.message).toMatch(/^Your company has started 20 key batches in the last hour: try again in \d+ minutes?\.$/);
    await t.db.delete(rateLimits).where(eq(rateLimits.key, `key-batches:${company.id}`));
  });
});

describe('generating a batch', () => {
  async function newBatch(count: number) {
    const msp = await actorFor(t.db, 'admin@bluefin-it.example');
    const { plan } = await planOf(t.db, 'bluefin-it');
    return { batch: await createKeyBatch(t.db, jobs, msp, { planId: plan.id, count, validUntil: inAYear() }), plan };
  }

  async function keysOf(batchId: string) {
    const [row] = await t.db.execute<{ n: number; codes: number; seqs: number; min: number; max: number }>(sql`
      select count(*)::int as n, count(distinct code)::int as codes, count(distinct seq)::int as seqs, min(seq) as min, max(seq) as max
      from registration_keys where batch_id = ${batchId}
    `);
    return row!;
  }

  it('writes exactly count keys in chunks with the batch’s stamps, plan and product, and marks it ready', async () => {
    const { batch, plan } = await newBatch(2_345);
    const progress: number[] = [];
    const result = await runKeyBatch(t.db, batch.id, { chunk: 1_000, onChunk: (generated) => void progress.push(generated) });
    expect(result).toMatchObject({ status: 'ready', count: 2_345, generated: 2_345, written: 2_345 });
    expect(progress).toEqual([1_000, 2_000, 2_345]);
    expect(await keysOf(batch.id)).toEqual({ n: 2_345, codes: 2_345, seqs: 2_345, min: 0, max: 2_344 });
    const [row] = await t.db.select().from(keyBatches).where(eq(keyBatches.id, batch.id));
    expect(row).toMatchObject({ status: 'ready', generated: 2_345, error: null });
    expect(row!.finishedAt).toBeInstanceOf(Date);

    const keys = await t.db.select().from(registrationKeys).where(eq(registrationKeys.batchId, batch.id)).limit(50);
    for (const key of keys) {
      expect(key).toMatchObject({ companyId: row!.companyId, channelId: row!.channelId, partnerId: row!.partnerId, planId: plan.id, productId: plan.productId, status: 'available' });
      expect(key.code.slice(0, 2)).toBe(plan.prefix);
      expect(hasValidCheckCharacter(key.code.slice(2))).toBe(true);
    }
  });

  it('does nothing when run again on a ready batch', async () => {
    const { batch } = await newBatch(300);
    await runKeyBatch(t.db, batch.id);
    const again = await runKeyBatch(t.db, batch.id);
    expect(again).toMatchObject({ status: 'ready', generated: 300, written: 0 });
    expect((await keysOf(batch.id)).n).toBe(300);
  });

  it('resumes after the last committed chunk, and two runs at once write each key once', async () => {
    const { batch } = await newBatch(5_000);
    // A run that died after two chunks.
    await expect(
      runKeyBatch(t.db, batch.id, {
        chunk: 1_000,
        onChunk: (generated) => {
          if (generated === 2_000) throw new Error('worker died');
        },
      }),
    ).rejects.toThrow('worker died');
    expect((await keysOf(batch.id)).n).toBe(2_000);
    await markKeyBatchFailed(t.db, batch.id, 'Generating the keys failed.');

    const [a, b] = await Promise.all([runKeyBatch(t.db, batch.id, { chunk: 700 }), runKeyBatch(t.db, batch.id, { chunk: 900 })]);
    expect(a.written + b.written).toBe(3_000);
    expect(await keysOf(batch.id)).toEqual({ n: 5_000, codes: 5_000, seqs: 5_000, min: 0, max: 4_999 });
    const [row] = await t.db.select().from(keyBatches).where(eq(keyBatches.id, batch.id));
    expect(row).toMatchObject({ status: 'ready', generated: 5_000, error: null });
  });

  it('draws a colliding code again instead of losing or doubling the key', async () => {
    const { batch } = await newBatch(50);
    const [other] = await t.db.select({ code: registrationKeys.code }).from(registrationKeys).limit(1);
    // The first draws of the batch repeat a code already in the table, and one code within the chunk.
    const forced = [other!.code, other!.code, 'CEAAAAAAAAAAAAAAAA', 'CEAAAAAAAAAAAAAAAA', other!.code];
    const result = await runKeyBatch(t.db, batch.id, { draw: (prefix, count) => Array.from({ length: count }, () => forced.shift() ?? generateKeyCode(prefix)) });
    expect(result).toMatchObject({ generated: 50, written: 50, collisions: 4 });
    expect(await keysOf(batch.id)).toEqual({ n: 50, codes: 50, seqs: 50, min: 0, max: 49 });
  });
});

describe('a key’s batch, kept as a foreign key keeps it (once per statement)', () => {
  const nowhere = '00000000-0000-4000-8000-000000000000';
  const codeOf = (run: Promise<unknown>) => run.then(() => 'written', (error: { cause?: { code?: string; message?: string } }) => error.cause?.code);

  async function bareBatch() {
    const { company, plan } = await planOf(t.db, 'bluefin-it');
    const [batch] = await t.db
      .insert(keyBatches)
      .values({ companyId: company.id, channelId: company.channelId, partnerId: company.partnerId, planId: plan.id, productId: plan.productId, count: 10, validUntil: inAYear() })
      .returning();
    return { batch: batch!, plan };
  }
  const keyOf = (batch: typeof keyBatches.$inferSelect, prefix: string, seq: number) => ({
    code: generateKeyCode(prefix),
    batchId: batch.id,
    seq,
    companyId: batch.companyId,
    channelId: batch.channelId,
    partnerId: batch.partnerId,
    planId: batch.planId,
    productId: batch.productId,
  });

  it('refuses keys of no batch, or with another company, plan or product than their batch’s, and writes none of the statement', async () => {
    const { batch, plan } = await bareBatch();
    const { company: contoso, plan: otherPlan } = await planOf(t.db, 'contoso-networks');
    const [otherProduct] = await t.db.select({ id: products.id }).from(products).where(ne(products.id, plan.productId)).limit(1);
    const good = keyOf(batch, plan.prefix, 0);
    for (const wrong of [
      { batchId: nowhere },
      { planId: otherPlan.id },
      { productId: otherProduct!.id },
      { companyId: contoso.id },
    ]) {
      // One wrong key among good ones: the whole statement is refused.
      expect(await codeOf(t.db.insert(registrationKeys).values([good, { ...keyOf(batch, plan.prefix, 1), ...wrong }]))).toBe('23503');
    }
    expect(await keysOf(batch.id)).toBe(0);
    await t.db.insert(registrationKeys).values([good, keyOf(batch, plan.prefix, 1)]);
    expect(await keysOf(batch.id)).toBe(2);
  });

  it('keeps a key in its batch, and a batch with keys from being deleted, truncated or given another plan', async () => {
    const { batch, plan } = await bareBatch();
    const { plan: otherPlan } = await planOf(t.db, 'contoso-networks');
    const [key] = await t.db.insert(registrationKeys).values(keyOf(batch, plan.prefix, 0)).returning();
    const { batch: other } = await bareBatch();
    expect(await codeOf(t.db.update(registrationKeys).set({ batchId: other.id }).where(eq(registrationKeys.id, key!.id)))).toBe('23503');
    expect(await codeOf(t.db.update(registrationKeys).set({ planId: otherPlan.id }).where(eq(registrationKeys.id, key!.id)))).toBe('23503');
    expect(await codeOf(t.db.delete(keyBatches).where(eq(keyBatches.id, batch.id)))).toBe('23503');
    expect(await codeOf(t.db.update(keyBatches).set({ planId: otherPlan.id }).where(eq(keyBatches.id, batch.id)))).toBe('23503');
    expect(
      await t.db
        .transaction(async (tx) => {
          await tx.execute(sql`truncate key_batches cascade`);
          throw new Error('truncated: rolled back');
        })
        .catch((error: { cause?: { code?: string }; message: string }) => error.cause?.code ?? error.message),
    ).toBe('23503');
    // Other updates of both pass; a batch without keys can go.
    await t.db.update(registrationKeys).set({ status: 'voided', voidReason: 'Sold in error' }).where(eq(registrationKeys.id, key!.id));
    await t.db.update(keyBatches).set({ note: 'Checked' }).where(eq(keyBatches.id, batch.id));
    await t.db.delete(keyBatches).where(eq(keyBatches.id, other.id));
    expect(await t.db.select({ id: keyBatches.id }).from(keyBatches).where(eq(keyBatches.id, other.id))).toEqual([]);
  });

  it('makes a batch’s delete wait for keys being written, then refuses it', async () => {
    const { batch, plan } = await bareBatch();
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    let inserted!: () => void;
    const keysInserted = new Promise<void>((resolve) => (inserted = resolve));
    const writer = t.db.transaction(async (tx) => {
      await tx.insert(registrationKeys).values(keyOf(batch, plan.prefix, 0));
      inserted();
      await committing;
    });
    await keysInserted;
    const deleting = codeOf(t.db.delete(keyBatches).where(eq(keyBatches.id, batch.id)));
    await waitForLockWaiters(t.db, 'delete from "key_batches"%');
    commit();
    await writer;
    expect(await deleting).toBe('23503');
    expect(await keysOf(batch.id)).toBe(1);
  });

  async function keysOf(batchId: string) {
    const [row] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from registration_keys where batch_id = ${batchId}`);
    return row!.n;
  }
});
