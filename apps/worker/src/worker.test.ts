import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { emailMessages, passwordResetTokens, sessions, users } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import * as jobs from '@keyway/core/jobs';
import { createSession, requestPasswordReset } from '@keyway/core/auth';
import { createSeededDb, waitForJob } from '@keyway/core/testing';
import { startWorker, type Worker } from './worker.ts';

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

describe('worker', () => {
  it('creates every queue of the registry and schedules the periodic ones', async () => {
    for (const job of jobs.JOBS) expect(await worker.boss.getQueue(job.name)).not.toBeNull();
    const schedules = await worker.boss.getSchedules();
    expect(schedules.map((s) => s.name)).toContain('auth.sessions-cleanup');
  });

  it('runs auth.sessions-cleanup: expired sessions and old rate-limit windows go, live ones stay', async () => {
    const [user] = await t.db.select().from(users).where(eq(users.email, 'admin@bluefin-it.example'));
    const live = await createSession(t.db, user!.id);
    const idle = await createSession(t.db, user!.id);
    await t.db.execute(sql`update sessions set last_active_at = now() - interval '11 days' where id = ${idle.id}`);
    await t.db.execute(sql`insert into rate_limits (key, window_start, count) values
      ('sign-in:ip:old', now() - interval '2 days', 3), ('sign-in:ip:new', now(), 3)`);

    const id = await worker.boss.send(jobs.sessionsCleanup.name, {});
    const job = await waitForJob(worker.boss, jobs.sessionsCleanup.name, id!);
    expect(job.state).toBe('completed');
    expect(job.output).toEqual({ sessions: 1, rateLimits: 1 });

    const left = (await t.db.select({ id: sessions.id }).from(sessions)).map((r) => r.id);
    expect(left).toContain(live.id);
    expect(left).not.toContain(idle.id);
    const keys = await t.db.execute<{ key: string }>(sql`select key from rate_limits order by key`);
    expect(keys.map((r) => r.key)).toEqual(['sign-in:ip:new']);
  });

  it('enqueues inside the caller transaction: a rolled-back change queues nothing', async () => {
    const count = async () =>
      Number(
        (
          await t.db.execute<{ n: number }>(
            sql`select count(*)::int as n from pgboss.job where name = ${jobs.sessionsCleanup.name} and state = 'created'`,
          )
        )[0]!.n,
      );
    await worker.boss.offWork(jobs.sessionsCleanup.name);
    const before = await count();
    await t.db
      .transaction(async (tx) => {
        await jobs.enqueue(tx, worker.boss, jobs.sessionsCleanup, {});
        throw new Error('the change failed');
      })
      .catch(() => {});
    expect(await count()).toBe(before);
    await t.db.transaction((tx) => jobs.enqueue(tx, worker.boss, jobs.sessionsCleanup, {}));
    expect(await count()).toBe(before + 1);
  });

  it('checks every payload against its queue before the handler runs: a refused one fails the job with the reason', async () => {
    const sent = await worker.boss.send(jobs.licensePoolAutoRefill.name, { poolId: 'not-a-pool' }, { retryLimit: 0 });
    const job = await waitForJob(worker.boss, jobs.licensePoolAutoRefill.name, sent!);
    expect(job.state).toBe('failed');
    expect(JSON.stringify(job.output)).toContain('poolId');
  });

  it('validates payloads at enqueue time, inside the caller transaction', async () => {
    const id = await t.db.transaction((tx) => jobs.enqueue(tx, worker.boss, jobs.sessionsCleanup, {}));
    expect(id).not.toBeNull();
    await expect(
      t.db.transaction((tx) =>
        jobs.enqueue(tx, worker.boss, jobs.sessionsCleanup, 'nope' as unknown as Record<string, never>),
      ),
    ).rejects.toThrow();
  });
});

describe('auth.password-reset', () => {
  /** Asks for a reset as the form does, and waits for the job the request queued. */
  async function requestAndWait(email: string) {
    await requestPasswordReset(t.db, jobs.jobQueueOf(worker.boss), { email }, { ip: '10.0.0.9', origin: 'http://console.test' });
    const [queued] = await t.db.execute<{ id: string }>(
      sql`select id from pgboss.job where name = ${jobs.authPasswordReset.name} and data->>'email' = ${email.toLowerCase()}`,
    );
    return waitForJob(worker.boss, jobs.authPasswordReset.name, queued!.id);
  }

  it('creates a single-use token and queues the reset mail for an active account', async () => {
    const email = 'support-engineer@harbor-resellers.example';
    const [user] = await t.db.select().from(users).where(eq(users.email, email));
    const job = await requestAndWait('Support-Engineer@harbor-resellers.example');
    expect(job).toMatchObject({ state: 'completed', output: { issued: true } });

    const tokens = await t.db.select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, user!.id));
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.usedAt).toBeNull();
    const mails = await t.db.select().from(emailMessages).where(eq(emailMessages.recipientEmail, email));
    expect(mails.map((m) => m.event)).toEqual(['reset-password']);
    expect(mails[0]!.text).toMatch(/http:\/\/console\.test\/reset-password\/[a-z2-7]+/);
  });

  it('creates nothing for an address no account has', async () => {
    const tokensBefore = (await t.db.select().from(passwordResetTokens)).length;
    const job = await requestAndWait('nobody-here@harbor-resellers.example');
    expect(job).toMatchObject({ state: 'completed', output: { issued: false } });
    expect(await t.db.select().from(passwordResetTokens)).toHaveLength(tokensBefore);
    expect(await t.db.select().from(emailMessages).where(eq(emailMessages.recipientEmail, 'nobody-here@harbor-resellers.example'))).toHaveLength(0);
  });
});
