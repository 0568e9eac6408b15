import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray, sql } from 'drizzle-orm';
import { emailMessages, type EmailMessage } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import * as jobs from '@keyway/core/jobs';
import { companyChain, deliverEmailBatch, queueEmails, type QueueEmailInput } from '@keyway/core/email-notifications';
import { companyByAccount, createSeededDb } from '@keyway/core/testing';
import { renderEmail, DEFAULT_BRAND, type EmailEvent } from '@keyway/email';
import { resendTransport } from '@keyway/email/transports';
import { startFakeResend, type FakeResend, type ReceivedEmail } from '@keyway/email/testing';
import { startWorker, type Worker } from './worker.ts';

let t: TestDb;
let fake: FakeResend;
let queue: jobs.JobQueue;

beforeAll(async () => {
  t = await createSeededDb();
  fake = await startFakeResend({ apiKey: 're_test_key' });
  queue = jobs.createJobQueue(t.url);
}, 120_000);
afterAll(async () => {
  await queue?.stop();
  await fake?.close();
  await t?.drop();
});

/** Mails to people of Acme Dental, queued in bulk the way the daily run and the report cycles do. */
async function queueMails(recipients: string[]): Promise<string[]> {
  const acme = await companyByAccount(t.db, 'acme-dental');
  const inputs: QueueEmailInput<EmailEvent>[] = recipients.map((to, i) => ({
    event: 'account-created',
    companyId: acme.id,
    to: { email: to, name: `Person ${i} <"&'>` },
    variables: {
      recipientName: `Person ${i} <"&'>`,
      companyName: 'Acme Dental',
      accountName: to,
      signInUrl: 'https://console.keyway.example/sign-in',
      setPasswordUrl: `https://console.keyway.example/set-password?token=t${i}&x=1`,
      senderName: 'Northwind IT',
    },
  }));
  const queued = await t.db.transaction((tx) => queueEmails(tx, queue, inputs));
  return queued.map((mail) => mail!.id);
}

async function rows(ids: string[]): Promise<EmailMessage[]> {
  return t.db.select().from(emailMessages).where(inArray(emailMessages.id, ids));
}

async function settled(ids: string[], timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await rows(ids);
    if (found.every((r) => r.status === 'sent' || r.status === 'failed')) return found;
    if (Date.now() > deadline) throw new Error(`mails not settled: ${found.map((r) => `${r.status}/${r.attempts}`).join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The copies of a mail the provider delivered, found by the mail id each carries. */
function copiesOf(id: string): ReceivedEmail[] {
  return fake.delivered.filter((d) => d.headers?.['X-Entity-Ref-ID'] === id);
}

describe('email.send in batches through Resend', () => {
  let worker: Worker;
  beforeAll(async () => {
    worker = await startWorker({
      databaseUrl: t.url,
      email: { resendApiKey: 're_test_key', resendBaseUrl: fake.url, resendTimeoutMs: 300, ratePerSecond: 0, concurrency: 2 },
    });
    await worker.boss.updateQueue(jobs.emailSend.name, { retryDelay: 1, retryBackoff: false });
  }, 120_000);
  afterAll(async () => {
    await worker?.stop(5);
  });

  it('delivers every mail exactly once through 500s, 429s, a timeout and a partial refusal, each refused mail failed with the reason', async () => {
    const requestsBefore = fake.requests;
    fake.failNext(2, 500);
    fake.stallNext(1_500);
    fake.refuse('refused-7@acme-dental.example');
    const recipients = Array.from({ length: 230 }, (_, i) => (i === 7 ? 'refused-7@acme-dental.example' : `person-${i}@acme-dental.example`));
    recipients[150] = 'not-an-address';
    const ids = await queueMails(recipients);
    // 230 mails: three jobs of at most 100.
    const jobRows = await t.db.execute<{ n: number }>(sql`
      select jsonb_array_length(data->'messageIds') as n from pgboss.job
      where name = ${jobs.emailSend.name} and data->'messageIds' ? ${ids[0]!}::text
         or name = ${jobs.emailSend.name} and data->'messageIds' ? ${ids[229]!}::text`);
    expect(jobRows.map((r) => r.n).sort((a, b) => a - b)).toEqual([30, 100]);

    const found = await settled(ids);
    const byId = new Map(found.map((r) => [r.id, r]));
    for (const [i, id] of ids.entries()) {
      const row = byId.get(id)!;
      if (i === 7 || i === 150) {
        expect(row, `mail ${i}`).toMatchObject({ status: 'failed', lastError: 'Invalid `to` field.' });
        expect(copiesOf(id)).toHaveLength(0);
        continue;
      }
      const copies = copiesOf(id);
      expect(copies, `mail ${i}`).toHaveLength(1);
      expect(row.status).toBe('sent');
      expect(row.providerMessageId).toBe(copies[0]!.id);
      // What Sent Mails shows is, byte for byte, what the provider received.
      expect(copies[0]!.html).toBe(row.html);
      expect(copies[0]!.text).toBe(row.text);
      expect(copies[0]!.subject).toBe(row.subject);
      expect(copies[0]!.batch).toBe(true);
    }
    // Batches, not one request a mail: three batches, two 500s and a retried timeout.
    expect(fake.requests - requestsBefore).toBeLessThanOrEqual(10);
    expect(fake.requests - requestsBefore).toBeGreaterThanOrEqual(6);
    // Each batch went out under one key derived from its mails.
    const keys = new Set(ids.flatMap((id) => copiesOf(id).map((c) => c.idempotencyKey)));
    expect(keys.size).toBe(3);

    // And it is the mail a direct render gives, in the brand of the partner sending it.
    const chain = await companyChain(t.db, found[0]!.companyId);
    const direct = await renderEmail({
      event: 'account-created',
      brand: DEFAULT_BRAND,
      companyName: (chain.find((link) => link.kind !== 'customer') ?? chain[0]!).name,
      language: found[0]!.language,
      variables: found.find((r) => r.id === ids[3])!.variables,
    });
    expect(copiesOf(ids[3]!)[0]!.html).toBe(direct.html);
    expect(copiesOf(ids[3]!)[0]!.text).toBe(direct.text);
  }, 90_000);

  it('waits out 429s and delivers once', async () => {
    fake.failNext(3, 429);
    const ids = await queueMails(Array.from({ length: 40 }, (_, i) => `rate-${i}@acme-dental.example`));
    const found = await settled(ids);
    expect(found.map((r) => r.status)).toEqual(ids.map(() => 'sent'));
    for (const id of ids) expect(copiesOf(id)).toHaveLength(1);
    expect(found.every((r) => r.attempts === 4)).toBe(true);
  }, 60_000);
});

describe('a worker killed in the middle of a batch', () => {
  it('leaves the batch to its retry, which delivers no second copy', async () => {
    const entry = join(dirname(fileURLToPath(import.meta.url)), 'index.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      env: { ...process.env, DATABASE_URL: t.url, RESEND_API_KEY: 're_test_key', RESEND_BASE_URL: fake.url, EMAIL_RATE_PER_SECOND: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exit = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(`code ${code}, signal ${signal}`)));

    // The provider takes the first batch but answers only long after: the worker dies waiting.
    const deliveredBefore = fake.delivered.length;
    fake.stallNext(120_000);
    const ids = await queueMails(Array.from({ length: 60 }, (_, i) => `killed-${i}@acme-dental.example`));
    let killed = false;
    try {
      for (let i = 0; i < 3000 && !killed; i++) {
        if (fake.delivered.length > deliveredBefore) {
          child.kill('SIGKILL');
          killed = true;
        } else await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      if (!killed) child.kill('SIGKILL');
    }
    expect({ exit: await exit, killed, output }).toEqual({ exit: 'code null, signal SIGKILL', killed: true, output: expect.any(String) });

    // The batch went out; its answer never came back, so its mails are still being sent.
    expect(ids.every((id) => copiesOf(id).length === 1)).toBe(true);
    expect((await rows(ids)).map((r) => r.status)).toEqual(ids.map(() => 'sending'));

    // The job's retry (as a restarted worker runs it) sends the same batch under the same key.
    const [job] = await t.db.execute<{ data: { messageIds: string[] } }>(sql`
      select data from pgboss.job where name = ${jobs.emailSend.name} and data->'messageIds' ? ${ids[0]!}::text`);
    const outcome = await deliverEmailBatch(
      t.db,
      job!.data.messageIds,
      { transport: resendTransport({ apiKey: 're_test_key', baseUrl: fake.url }), from: 'Keyway <no-reply@keyway.example>' },
      { isLast: false },
    );
    expect(outcome).toEqual({ sent: 60, failed: 0, skipped: 0 });
    const found = await rows(ids);
    expect(found.map((r) => r.status)).toEqual(ids.map(() => 'sent'));
    for (const row of found) {
      expect(copiesOf(row.id)).toHaveLength(1);
      expect(row.providerMessageId).toBe(copiesOf(row.id)[0]!.id);
    }
  }, 180_000);
});
