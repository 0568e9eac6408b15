import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { keyBatches, servicePlans, type Db } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import * as jobs from '@keyway/core/jobs';
import { createKeyBatch, runKeyBatch } from '@keyway/core/registration-keys';
import { actorFor, companyByAccount, createSeededDb } from '@keyway/core/testing';
import type { JobWithMetadata } from 'pg-boss';
import { registrationKeysHandler } from './handlers/registration-keys.ts';
import { startWorker } from './worker.ts';

let t: TestDb;
let queue: jobs.JobQueue;
beforeAll(async () => {
  t = await createSeededDb();
  queue = jobs.createJobQueue(t.url);
});
afterAll(async () => {
  await queue.stop();
  await t.drop();
});

const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);

async function startBatch(db: Db, count: number) {
  const actor = await actorFor(db, 'admin@bluefin-it.example');
  const bluefin = await companyByAccount(db, 'bluefin-it');
  const [plan] = await db
    .select({ id: servicePlans.id })
    .from(servicePlans)
    .where(and(eq(servicePlans.companyId, bluefin.id), eq(servicePlans.enabled, true)))
    .limit(1);
  return createKeyBatch(db, queue, actor, { planId: plan!.id, count, validUntil: inAYear() });
}

async function batchRow(id: string) {
  const [row] = await t.db.select().from(keyBatches).where(eq(keyBatches.id, id));
  return row!;
}

async function keysOf(batchId: string) {
  const [row] = await t.db.execute<{ keys: number; codes: number; seqs: number; first: number; last: number }>(sql`
    select count(*)::int as keys, count(distinct code)::int as codes, count(distinct seq)::int as seqs,
           min(seq) as first, max(seq) as last
    from registration_keys where batch_id = ${batchId}
  `);
  return row!;
}

describe('registration-keys.generate in the worker', () => {
  it('writes a 100,000-key batch: exactly 100,000 unique keys, and the batch is ready', async () => {
    const worker = await startWorker({ databaseUrl: t.url });
    try {
      const batch = await startBatch(t.db, 100_000);
      let row = await batchRow(batch.id);
      for (let i = 0; i < 1200 && row.status !== 'ready' && row.status !== 'failed'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        row = await batchRow(batch.id);
      }
      expect(row).toMatchObject({ status: 'ready', generated: 100_000, error: null });
      expect(await keysOf(batch.id)).toEqual({ keys: 100_000, codes: 100_000, seqs: 100_000, first: 0, last: 99_999 });
    } finally {
      await worker.stop(5);
    }
  }, 150_000);

  it('a worker process killed with SIGKILL part-way leaves whole chunks, and the batch resumes to exactly its count', async () => {
    const count = 100_000;
    const batch = await startBatch(t.db, count);
    const entry = join(dirname(fileURLToPath(import.meta.url)), 'index.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      env: { ...process.env, DATABASE_URL: t.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exit = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(`code ${code}, signal ${signal}`)));

    let killedAt = 0;
    try {
      for (let i = 0; i < 2400; i++) {
        const { generated } = await batchRow(batch.id);
        if (generated > 0 && generated < count) {
          child.kill('SIGKILL');
          killedAt = generated;
          break;
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    } finally {
      if (!killedAt) child.kill('SIGKILL');
    }
    expect({ exit: await exit, killedAt: killedAt > 0 && killedAt < count, output }).toEqual({
      exit: 'code null, signal SIGKILL',
      killedAt: true,
      output: expect.any(String),
    });

    // What the killed process left: whole chunks only, and the batch still generating.
    const left = await batchRow(batch.id);
    expect(left.status).toBe('generating');
    expect(left.generated).toBeLessThan(count);
    expect(await keysOf(batch.id)).toMatchObject({ keys: left.generated, seqs: left.generated });

    // The job's retry resumes it.
    const result = await runKeyBatch(t.db, batch.id);
    expect(result).toMatchObject({ status: 'ready', generated: count, written: count - left.generated });
    expect(await keysOf(batch.id)).toEqual({ keys: count, codes: count, seqs: count, first: 0, last: count - 1 });
    expect(await batchRow(batch.id)).toMatchObject({ status: 'ready', generated: count });
  }, 150_000);

  it('keeps the batch generating while retries remain, marks it failed with a message after the last, and a later run finishes it', async () => {
    const batch = await startBatch(t.db, 3_000);
    // The database refuses this batch's keys after the first chunk, as a full disk would.
    await t.db.execute(sql.raw(`
      create function refuse_keys() returns trigger language plpgsql as $$
      begin
        if new.batch_id = '${batch.id}' and new.seq >= 1000 then raise exception 'could not extend file: No space left on device'; end if;
        return new;
      end $$;
      create trigger refuse_keys before insert on registration_keys for each row execute function refuse_keys();
    `));
    const handler = registrationKeysHandler(t.db, { chunk: 1_000 });
    const job = (retryCount: number) =>
      ({ id: `job-${retryCount}`, name: jobs.registrationKeysGenerate.name, data: { batchId: batch.id }, retryCount, retryLimit: 10 }) as unknown as JobWithMetadata<unknown>;
    try {
      await expect(handler({ batchId: batch.id }, job(3))).rejects.toThrow();
      expect(await batchRow(batch.id)).toMatchObject({ status: 'generating', generated: 1_000, error: null });
      await expect(handler({ batchId: batch.id }, job(10))).rejects.toThrow();
      expect(await batchRow(batch.id)).toMatchObject({
        status: 'failed',
        generated: 1_000,
        error: 'The keys could not be generated after several attempts. The keys written so far are kept; contact support to finish the batch.',
      });
    } finally {
      await t.db.execute(sql`drop trigger refuse_keys on registration_keys; drop function refuse_keys()`);
    }
    await handler({ batchId: batch.id }, job(0));
    expect(await batchRow(batch.id)).toMatchObject({ status: 'ready', generated: 3_000, error: null });
    expect(await keysOf(batch.id)).toEqual({ keys: 3_000, codes: 3_000, seqs: 3_000, first: 0, last: 2_999 });
  });
});
