import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { companies, emailMessages } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import * as jobs from '@keyway/core/jobs';
import { createSeededDb, waitForJob } from '@keyway/core/testing';
import { startFakeResend, type FakeResend } from '@keyway/email/testing';
import { startWorker, type Worker } from './worker.ts';

let t: TestDb;
let fake: FakeResend;
let worker: Worker;

beforeAll(async () => {
  t = await createSeededDb();
  fake = await startFakeResend({ apiKey: 're_test_key' });
  worker = await startWorker({
    databaseUrl: t.url,
    email: {
      resendApiKey: 're_test_key',
      resendBaseUrl: fake.url,
      resendTimeoutMs: 300,
      ratePerSecond: 0,
      concurrency: 2,
    },
  });
  // Retry after a second instead of minutes, so the test sees several attempts.
  await worker.boss.updateQueue(jobs.emailSend.name, { retryDelay: 1, retryBackoff: false });
});
afterAll(async () => {
  await worker?.stop(5);
  await fake?.close();
  await t.drop();
});

async function queueMails(recipients: string[]): Promise<string[]> {
  const [acme] = await t.db.select().from(companies).where(eq(companies.accountName, 'acme-dental'));
  return t.db.transaction(async (tx) => {
    const rows = await tx
      .insert(emailMessages)
      .values(
        recipients.map((to, i) => ({
          companyId: acme!.id,
          channelId: acme!.channelId,
          partnerId: acme!.partnerId,
          customerId: acme!.customerId,
          event: 'account-created',
          language: 'en',
          recipientEmail: to,
          variables: { n: String(i) },
          subject: `Welcome ${i}`,
          html: `<p>Welcome ${i}</p>`,
          text: `Welcome ${i}`,
          status: 'queued' as const,
        })),
      )
      .returning({ id: emailMessages.id });
    for (const row of rows) await jobs.enqueue(tx, worker.boss, jobs.emailSend, { messageId: row.id });
    return rows.map((r) => r.id);
  });
}

async function settled(ids: string[], timeoutMs = 40_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await t.db.select().from(emailMessages).where(inArray(emailMessages.id, ids));
    if (rows.every((r) => r.status === 'sent' || r.status === 'failed')) return rows;
    if (Date.now() > deadline) throw new Error(`mails not settled: ${rows.map((r) => `${r.status}/${r.attempts}`).join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('email.send through Resend', () => {
  it('delivers every mail exactly once through 500s and a timeout after the provider took it', async () => {
    fake.failNext(3, 500);
    fake.stallNext(1_500);
    const ids = await queueMails(['ann@acme-dental.example', 'bob@acme-dental.example', 'cy@acme-dental.example', 'di@acme-dental.example']);

    const rows = await settled(ids);
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent']);

    const keys = fake.delivered.filter((d) => ids.includes(d.idempotencyKey!)).map((d) => d.idempotencyKey);
    expect(keys.sort()).toEqual([...ids].sort());
    // Three 500s, one stalled answer that was retried: more requests than mails, no extra mail.
    expect(fake.requests).toBeGreaterThanOrEqual(ids.length + 4);
    expect(rows.reduce((n, r) => n + r.attempts, 0)).toBeGreaterThanOrEqual(ids.length + 4);
    for (const row of rows) {
      const delivered = fake.delivered.find((d) => d.idempotencyKey === row.id)!;
      expect(row.providerMessageId).toBe(delivered.id);
      expect(delivered.subject).toBe(row.subject);
      expect(delivered.to).toBe(row.recipientEmail);
      expect(row.sentAt).not.toBeNull();
    }
  });

  it('does not retry a mail the provider rejects as invalid, and records why', async () => {
    const before = fake.requests;
    const [id] = await queueMails(['not-an-address']);
    const [row] = await settled([id!]);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row!.lastError).toContain('Invalid `to` field.');
    expect(row!.lastError).toContain('422');
    expect(fake.requests).toBe(before + 1);
    expect(fake.delivered.map((d) => d.idempotencyKey)).not.toContain(id);
  });

  it('runs a job again for a mail already sent without sending it again', async () => {
    const [id] = await queueMails(['eve@acme-dental.example']);
    await settled([id!]);
    const requests = fake.requests;
    const jobId = await worker.boss.send(jobs.emailSend.name, { messageId: id });
    expect(await waitForJob(worker.boss, jobs.emailSend.name, jobId!)).toMatchObject({ state: 'completed' });
    expect(fake.requests).toBe(requests);
    expect(fake.delivered.filter((d) => d.idempotencyKey === id)).toHaveLength(1);
  });
});
