import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { companies, emailMessages, keyBatches, servicePlans } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import * as jobs from '@keyway/core/jobs';
import { createKeyBatch } from '@keyway/core/registration-keys';
import { actorFor, companyByAccount, createSeededDb } from '@keyway/core/testing';
import { startFakeResend, type FakeResend } from '@keyway/email/testing';

/**
 * What a managed database's failover or restart does to the application: every connection of it
 * is terminated at once, here twice in a row while the worker process is writing a key batch and
 * delivering mails. Each costs a retry of the work in hand; the process stays up and the work
 * completes exactly once.
 */
let t: TestDb;
let fake: FakeResend;
let queue: jobs.JobQueue;
let worker: ChildProcess;
let output = '';

beforeAll(async () => {
  t = await createSeededDb();
  fake = await startFakeResend({ apiKey: 're_test_key' });
  queue = jobs.createJobQueue(t.url);
  worker = spawn(process.execPath, ['--import', 'tsx', join(dirname(fileURLToPath(import.meta.url)), 'index.ts')], {
    env: {
      ...process.env,
      DATABASE_URL: t.url,
      RESEND_API_KEY: 're_test_key',
      RESEND_BASE_URL: fake.url,
      EMAIL_RATE_PER_SECOND: '10',
      WORKER_STOP_TIMEOUT_SECONDS: '5',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  worker.stdout!.on('data', (chunk) => (output += chunk));
  worker.stderr!.on('data', (chunk) => (output += chunk));
  await until(() => output.includes('[worker] ready'), 150_000, () => `the worker never became ready:\n${output}`);
  // Retries come after a second, not the production minutes, so the test sees them (after the
  // worker's start, which sets each queue's options from its definition).
  await t.db.execute(sql`update pgboss.queue set retry_delay = 1, retry_backoff = false
                         where name in (${jobs.emailSend.name}, ${jobs.registrationKeysGenerate.name})`);
}, 240_000);

afterAll(async () => {
  if (worker && worker.exitCode === null && worker.signalCode === null) {
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.kill('SIGTERM');
    await exited;
  }
  await queue?.stop();
  await fake?.close();
  await t?.drop();
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, why: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(why());
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Terminates every connection to the test database but the one asking. */
async function terminateConnections(): Promise<number> {
  const rows = await t.db.execute<{ terminated: boolean }>(sql`
    select pg_terminate_backend(pid) as terminated from pg_stat_activity
    where backend_type = 'client backend' and datname = current_database() and pid <> pg_backend_pid()`);
  return rows.filter((r) => r.terminated).length;
}

/** The state of the jobs of a queue whose payload has `field` = `value`. */
async function jobStates(queueName: string, field: string, values: string[]): Promise<string[]> {
  const rows = await t.db.execute<{ state: string }>(sql`
    select state from pgboss.job where name = ${queueName} and data->>${field} in ${sql.raw(`(${values.map((v) => `'${v}'`).join(',')})`)}`);
  return rows.map((r) => r.state);
}

const alive = () => ({ exitCode: worker.exitCode, signal: worker.signalCode });

describe('the worker when the database drops its connections', () => {
  it('finishes a key batch exactly once through two terminations, and stays up', async () => {
    const count = 50_000;
    const actor = await actorFor(t.db, 'admin@bluefin-it.example');
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const [plan] = await t.db
      .select({ id: servicePlans.id })
      .from(servicePlans)
      .where(and(eq(servicePlans.companyId, bluefin.id), eq(servicePlans.enabled, true)))
      .limit(1);
    const validUntil = new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);
    const batch = await createKeyBatch(t.db, queue, actor, { planId: plan!.id, count, validUntil });
    const generated = async () => (await t.db.select().from(keyBatches).where(eq(keyBatches.id, batch.id)))[0]!.generated;

    let terminatedAt = 0;
    for (const round of [1, 2]) {
      await until(
        async () => {
          const now = await generated();
          if (now <= terminatedAt || (await terminateConnections()) === 0) return false;
          terminatedAt = now;
          return true;
        },
        60_000,
        () => `no progress before termination ${round}:\n${output}`,
      );
      expect(terminatedAt, 'terminated part-way').toBeLessThan(count);
    }

    await until(
      async () => {
        const states = await jobStates(jobs.registrationKeysGenerate.name, 'batchId', [batch.id]);
        return states.includes('completed') || states.includes('failed');
      },
      120_000,
      () => `the batch's job did not end:\n${output}`,
    );
    expect(await jobStates(jobs.registrationKeysGenerate.name, 'batchId', [batch.id])).toEqual(['completed']);
    const [keys] = await t.db.execute<{ keys: number; seqs: number; codes: number }>(sql`
      select count(*)::int as keys, count(distinct seq)::int as seqs, count(distinct code)::int as codes
      from registration_keys where batch_id = ${batch.id}`);
    expect(keys).toEqual({ keys: count, seqs: count, codes: count });
    expect((await t.db.select().from(keyBatches).where(eq(keyBatches.id, batch.id)))[0]).toMatchObject({
      status: 'ready',
      generated: count,
    });
    expect(alive()).toEqual({ exitCode: null, signal: null });
  }, 240_000);

  it('delivers every mail exactly once through two terminations, and stays up', async () => {
    const [acme] = await t.db.select().from(companies).where(eq(companies.accountName, 'acme-dental'));
    const ids = await t.db.transaction(async (tx) => {
      const rows = await tx
        .insert(emailMessages)
        .values(
          Array.from({ length: 40 }, (_, i) => ({
            companyId: acme!.id,
            channelId: acme!.channelId,
            partnerId: acme!.partnerId,
            customerId: acme!.customerId,
            event: 'account-created',
            language: 'en',
            recipientEmail: `person-${i}@acme-dental.example`,
            variables: { n: String(i) },
            subject: `Welcome ${i}`,
            html: `<p>Welcome ${i}</p>`,
            text: `Welcome ${i}`,
            status: 'queued' as const,
          })),
        )
        .returning({ id: emailMessages.id });
      for (const row of rows) await queue.send(tx, jobs.emailSend, { messageId: row.id });
      return rows.map((r) => r.id);
    });

    let deliveredAt = 0;
    for (const round of [1, 2]) {
      await until(
        async () => {
          const now = fake.delivered.length;
          if (now <= deliveredAt || (await terminateConnections()) === 0) return false;
          deliveredAt = now;
          return true;
        },
        60_000,
        () => `no mail before termination ${round}:\n${output}`,
      );
      expect(deliveredAt, 'terminated part-way').toBeLessThan(ids.length);
    }

    await until(
      async () => (await jobStates(jobs.emailSend.name, 'messageId', ids)).every((s) => s === 'completed' || s === 'failed'),
      120_000,
      () => `the mails' jobs did not end:\n${output}`,
    );
    const states = await jobStates(jobs.emailSend.name, 'messageId', ids);
    expect(states).toEqual(ids.map(() => 'completed'));
    const rows = await t.db.select().from(emailMessages).where(inArray(emailMessages.id, ids));
    expect(rows.map((r) => r.status)).toEqual(ids.map(() => 'sent'));
    for (const id of ids) {
      expect(fake.delivered.filter((d) => d.idempotencyKey === id), `mail ${id}`).toHaveLength(1);
    }
    expect(alive()).toEqual({ exitCode: null, signal: null });
  }, 240_000);
});
