import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq, gte, sql } from 'drizzle-orm';
import { brandFor, queueEmail, queueEmails } from '@keyway/core/email-notifications';
import { createJobQueue, installJobs, type JobQueue } from '@keyway/core/jobs';
import { seedDemoData } from '@keyway/core/seed';
import { pgArray } from '@keyway/core/sql';
import { drizzle } from 'drizzle-orm/postgres-js';
import { closeDb, companies, createDb, emailMessages, migrateDb, schema, type Db, type EmailMessage } from '@keyway/db';
import { withDatabase } from '@keyway/db/testing';
import { renderEmail } from '@keyway/email';
import { startFakeResend, type FakeResend } from '@keyway/email/testing';
import { dropDatabase, recreateDatabase, type BenchServer } from './server.ts';
import { formatTable, percentile, timed } from './stats.ts';

/** A fresh database for every run, beside the search benchmark's; dropped at the end. */
export const EMAIL_DATABASE = 'keyway_bench_email';
const FAKE_KEY = 're_bench_key';
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface EmailBenchOptions {
  mails: number;
  /** Mails queued at the same time, each in its own transaction; the insert-only loop uses the same. */
  producers: number;
  /** Give up when the mails are not all sent by then. */
  timeoutSeconds: number;
}

/**
 * `npm run bench` (email part): mails through the whole pipeline — `queueEmails` fills the
 * compiled template, inserts the rows and sends their `email.send` jobs (one per 100 mails) in
 * bulk transactions; the real worker, started as its own process, delivers them in batches to a
 * local fake Resend with the sending rate limit off — timed from the first queue call until every
 * row is `sent`. Then the same rows inserted bare, in the same transactions, for the ratio. Before
 * both, one `queueEmail` alone (a mail a transaction) is profiled.
 */
export async function runEmailBenchmark(server: BenchServer, options: EmailBenchOptions): Promise<void> {
  const url = withDatabase(server.adminUrl, EMAIL_DATABASE);
  console.log(`\nEmail pipeline benchmark — ${new Date().toISOString().slice(0, 10)}`);
  let phase = performance.now();
  const step = (what: string) => {
    const now = performance.now();
    console.log(`  ${what} (${((now - phase) / 1000).toFixed(1)} s)`);
    phase = now;
  };

  await recreateDatabase(server.adminUrl, EMAIL_DATABASE);
  const db = createDb(url, { max: options.producers + 2 });
  let fake: FakeResend | null = null;
  let worker: WorkerProcess | null = null;
  let jobs: JobQueue | null = null;
  try {
    await migrateDb(db);
    await installJobs(url);
    await seedDemoData(db);
    step(`fresh database ${EMAIL_DATABASE} on ${server.description.replace(/^database \S+ on /, '')}: migrated, job queues installed, demo data seeded`);
    const customer = await benchCustomer(db);

    const renderMs = await renderCost(customer.name);
    step(`rendering alone: ${renderMs.toFixed(2)} ms a mail (median of 200 renders of the same template in this process)`);

    fake = await startFakeResend({ apiKey: FAKE_KEY });
    worker = await startWorkerProcess({
      DATABASE_URL: url,
      RESEND_API_KEY: FAKE_KEY,
      RESEND_BASE_URL: fake.url,
      EMAIL_RATE_PER_SECOND: '0',
    });
    jobs = createJobQueue(url);
    // Starts the producer's pg-boss before the clock does.
    await db.transaction((tx) => queueOne(tx, jobs!, customer, 0));
    await waitFor(db, { since: new Date(0), count: 1, timeoutSeconds: 60 });
    step(`worker started (apps/worker/src/index.ts, its own process), fake Resend on ${fake.url}, one warm-up mail delivered`);

    const profileSince = new Date();
    const profile = await profileQueueing(db, jobs, customer, PROFILE_MAILS);
    await waitFor(db, { since: profileSince, count: PROFILE_MAILS, timeoutSeconds: 120 });
    const warmup = fake.delivered.length;
    const requestsBefore = fake.requests;
    step(
      `one producer alone: ${profile.msPerMail.toFixed(2)} ms a queueEmail (median of ${PROFILE_MAILS}), ` +
        `${profile.statementsPerMail} SQL statements in its transaction (${profile.statements}), delivered`,
    );

    console.log(
      `  queueing ${fmt(options.mails)} "license-expiring" mails to customers of "${customer.name}" in bulk ` +
        `(queueEmails, ${fmt(BULK_CHUNK)} mails a transaction, ${options.producers} transactions at a time) …`,
    );
    const load0 = loadavg()[0]!;
    const since = new Date();
    const t0 = performance.now();
    let queuedAt = 0;
    const ids: string[] = [];
    const chunks = Math.ceil(options.mails / BULK_CHUNK);
    const producing = inParallel(chunks, options.producers, async (c) => {
      const first = c * BULK_CHUNK;
      const count = Math.min(BULK_CHUNK, options.mails - first);
      ids.push(...(await db.transaction((tx) => queueBulk(tx, jobs!, customer, first + 1, count))));
    }).then(() => (queuedAt = performance.now()));
    const progress = await waitFor(db, {
      since,
      count: options.mails,
      timeoutSeconds: options.timeoutSeconds,
      producing: () => queuedAt === 0,
    });
    await producing;
    const t1 = performance.now();
    const load1 = loadavg()[0]!;
    const seconds = (t1 - t0) / 1000;
    const queueSeconds = (queuedAt - t0) / 1000;
    step('all sent');

    await worker.stop();
    worker = null;
    const check = await checkDelivery(db, fake, warmup, requestsBefore, ids);

    // The same rows again, inserted bare: the same transactions of the same multi-row inserts,
    // without template, job or delivery.
    const rows = await db.select().from(emailMessages).where(sql`${emailMessages.id} = any(${pgArray(ids)}::uuid[])`);
    const t2 = performance.now();
    await inParallel(chunks, options.producers, (c) =>
      db.transaction(async (tx) => {
        const chunk = rows.slice(c * BULK_CHUNK, (c + 1) * BULK_CHUNK).map(copyOf);
        for (let start = 0; start < chunk.length; start += 1000) await tx.insert(emailMessages).values(chunk.slice(start, start + 1000));
      }),
    );
    const insertSeconds = (performance.now() - t2) / 1000;
    step(`insert-only: ${fmt(rows.length)} rows`);

    const pipelineRate = options.mails / seconds;
    const insertRate = rows.length / insertSeconds;
    const avgBytes = rows.reduce((n, r) => n + r.html.length + r.text.length, 0) / rows.length;
    console.log(
      `\n${fmt(options.mails)} mails; ${options.producers} bulk transactions at a time in this process; the worker's own settings ` +
        `(email.send with its default concurrency, EMAIL_RATE_PER_SECOND=0); ${availableParallelism()} cores, ` +
        `load average ${load0.toFixed(2)} at the start and ${load1.toFixed(2)} at the end of the pipeline run.\n`,
    );
    console.log(
      formatTable(
        [{ title: 'loop' }, { title: 'mails', right: true }, { title: 'seconds', right: true }, { title: 'mails/s', right: true }, { title: 'ms/mail', right: true }],
        [
          ['queueEmails only (fill, rows, jobs)', fmt(options.mails), queueSeconds.toFixed(1), rate(options.mails / queueSeconds), (1000 * queueSeconds / options.mails).toFixed(3)],
          ['insert-only (the same rows)', fmt(rows.length), insertSeconds.toFixed(1), rate(insertRate), (1000 * insertSeconds / rows.length).toFixed(3)],
          ['pipeline end to end (queued → sent)', fmt(options.mails), seconds.toFixed(1), rate(pipelineRate), (1000 * seconds / options.mails).toFixed(3)],
        ],
      ),
    );
    console.log(
      `\nPipeline / insert-only: ${(insertRate / pipelineRate).toFixed(1)}× the time (the pipeline runs at ` +
        `${((100 * pipelineRate) / insertRate).toFixed(0)} % of the bare insert rate). ` +
        `One queueEmail alone takes ${profile.msPerMail.toFixed(2)} ms (a full render would take ${renderMs.toFixed(2)} ms; it fills a compiled template), ` +
        `${profile.statementsPerMail} statements. ` +
        `When the last mail was queued, ${fmt(progress.atProducerEnd)} of ${fmt(options.mails)} were sent; ` +
        `the worker needed ${(seconds - queueSeconds).toFixed(1)} s more. Rows average ${(avgBytes / 1024).toFixed(1)} KiB of HTML and text.`,
    );
    console.log(
      `Delivery check: ${fmt(check.delivered)} mails received by the fake Resend, each row id once, ` +
        `${fmt(check.distinctKeys)} distinct idempotency keys (one per batch), ${fmt(check.requests)} requests; ` +
        `${fmt(check.sentRows)} rows sent, ${fmt(check.attempts)} attempts.`,
    );
  } finally {
    await worker?.stop();
    await jobs?.stop();
    await fake?.close();
    await closeDb(db);
    await dropDatabase(server.adminUrl, EMAIL_DATABASE);
  }
}

interface BenchCustomer {
  id: string;
  name: string;
}

async function benchCustomer(db: Db): Promise<BenchCustomer> {
  const [row] = await db
    .select({ id: companies.id, name: companies.name })
    .from(companies)
    .where(and(eq(companies.kind, 'customer'), eq(companies.accountName, 'acme-dental')));
  if (!row) throw new Error('The demo customer acme-dental is missing after seeding.');
  return row;
}

function variablesFor(customerName: string, i: number) {
  return {
    recipientName: `Recipient ${i}`,
    customerName,
    productName: 'Endpoint Protection',
    planName: 'Endpoint Protection 100',
    units: 100 + (i % 50),
    unitType: 'devices',
    expiryDate: '2026-12-31',
    daysLeft: 30,
    portalUrl: `https://console.keyway.example/portal/products?m=${i}`,
  };
}

/** Mails one bulk transaction queues. */
const BULK_CHUNK = 2000;

async function queueBulk(tx: Parameters<typeof queueEmails>[0], jobs: JobQueue, customer: BenchCustomer, first: number, count: number) {
  const mails = await queueEmails(
    tx,
    jobs,
    Array.from({ length: count }, (_, k) => ({
      event: 'license-expiring' as const,
      companyId: customer.id,
      to: { email: `recipient-${first + k}@acme-dental.example`, name: `Recipient ${first + k}` },
      variables: variablesFor(customer.name, first + k),
    })),
  );
  return mails.map((mail, k) => {
    if (mail?.status !== 'queued') throw new Error(`queueEmails did not queue mail ${first + k}: ${JSON.stringify(mail)}`);
    return mail.id;
  });
}

async function queueOne(tx: Parameters<typeof queueEmail>[0], jobs: JobQueue, customer: BenchCustomer, i: number) {
  const mail = await queueEmail(tx, jobs, {
    event: 'license-expiring',
    companyId: customer.id,
    to: { email: `recipient-${i}@acme-dental.example`, name: `Recipient ${i}` },
    variables: variablesFor(customer.name, i),
  });
  if (mail?.status !== 'queued') throw new Error(`queueEmail did not queue mail ${i}: ${JSON.stringify(mail)}`);
  return mail.id;
}

const PROFILE_MAILS = 200;

/**
 * Where a queued mail's time goes: one producer, one mail at a time, through a client that counts
 * the statements (pg-boss's job insert goes through the same transaction, so it is counted too).
 */
async function profileQueueing(db: Db, jobs: JobQueue, customer: BenchCustomer, mails: number) {
  const seen: string[] = [];
  const counting = drizzle(db.$client, {
    schema,
    casing: 'snake_case',
    logger: { logQuery: (query) => void seen.push(query.trim().split(/\s+/).slice(0, 3).join(' ')) },
  }) as unknown as Db;
  const samples: number[] = [];
  for (let i = 0; i < mails; i++) {
    seen.length = 0;
    samples.push((await timed(() => counting.transaction((tx) => queueOne(tx, jobs, customer, -1 - i)))).ms);
  }
  const kinds = new Map<string, number>();
  for (const statement of seen) {
    const kind = /^(select|insert|update|with)/i.exec(statement)?.[1]?.toLowerCase() ?? statement;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  return {
    msPerMail: percentile(samples, 50),
    statementsPerMail: seen.length,
    statements: [...kinds].map(([kind, n]) => `${n} ${kind}`).join(', '),
  };
}

async function renderCost(customerName: string): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 220; i++) {
    const t0 = performance.now();
    await renderEmail({
      event: 'license-expiring',
      brand: brandFor(customerName),
      companyName: customerName,
      language: 'en',
      variables: variablesFor(customerName, i),
    });
    if (i >= 20) samples.push(performance.now() - t0);
  }
  return percentile(samples, 50);
}

/** Runs `count` tasks, at most `width` at a time. */
async function inParallel(count: number, width: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/**
 * Polls until `count` mails created since `since` are sent; fails after `timeoutSeconds`, saying
 * how far it got. `producing` tells when the producers are done, to note how many were sent then.
 */
async function waitFor(
  db: Db,
  { since, count, timeoutSeconds, producing = () => false }: { since: Date; count: number; timeoutSeconds: number; producing?: () => boolean },
) {
  const deadline = performance.now() + timeoutSeconds * 1000;
  let atProducerEnd = -1;
  for (;;) {
    const [row] = await db
      .select({
        sent: sql<number>`count(*) filter (where ${emailMessages.status} = 'sent')`.mapWith(Number),
        failed: sql<number>`count(*) filter (where ${emailMessages.status} = 'failed')`.mapWith(Number),
      })
      .from(emailMessages)
      .where(gte(emailMessages.createdAt, since));
    const sent = row?.sent ?? 0;
    if (atProducerEnd < 0 && !producing()) atProducerEnd = sent;
    if (row && row.failed > 0) throw new Error(`${row.failed} mails failed; the fake Resend should accept every one.`);
    if (sent >= count) return { atProducerEnd: atProducerEnd < 0 ? sent : atProducerEnd };
    if (performance.now() > deadline) throw new Error(`Only ${sent} of ${count} mails were sent after ${timeoutSeconds} s.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function checkDelivery(db: Db, fake: FakeResend, warmup: number, requestsBefore: number, timedIds: readonly string[]) {
  const timed = await db
    .select({ id: emailMessages.id, status: emailMessages.status, attempts: emailMessages.attempts })
    .from(emailMessages)
    .where(sql`${emailMessages.id} = any(${pgArray(timedIds)}::uuid[])`);
  const delivered = fake.delivered.slice(warmup);
  const keys = new Set(delivered.map((d) => d.idempotencyKey));
  const mailIds = new Set(delivered.map((d) => d.headers?.['X-Entity-Ref-ID']));
  const ids = new Set(timed.map((r) => r.id));
  const check = {
    delivered: delivered.length,
    distinctKeys: keys.size,
    requests: fake.requests - requestsBefore,
    sentRows: timed.filter((r) => r.status === 'sent').length,
    attempts: timed.reduce((n, r) => n + r.attempts, 0),
  };
  const exact =
    check.delivered === ids.size && mailIds.size === ids.size && [...mailIds].every((id) => id !== undefined && ids.has(id)) && !keys.has(null);
  if (!exact || check.sentRows !== ids.size) {
    throw new Error(`Delivery check failed: ${JSON.stringify({ ...check, rows: ids.size })}`);
  }
  return check;
}

function copyOf(row: EmailMessage) {
  return {
    companyId: row.companyId,
    channelId: row.channelId,
    partnerId: row.partnerId,
    customerId: row.customerId,
    event: row.event,
    language: row.language,
    recipientEmail: row.recipientEmail,
    recipientName: row.recipientName,
    recipientUserId: row.recipientUserId,
    variables: row.variables,
    subject: row.subject,
    html: row.html,
    text: row.text,
    status: 'queued' as const,
    scheduledFor: row.scheduledFor,
    createdBy: row.createdBy,
  };
}

interface WorkerProcess {
  stop(): Promise<void>;
}

/**
 * The real worker, as `npm start` runs it: its own Node process on the repository's Node, so the
 * benchmark measures its process boundary, polling and concurrency, not an in-process copy.
 */
async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(
    join(repoRoot, 'node_modules', '.bin', 'node'),
    ['--import', 'tsx', join(repoRoot, 'apps', 'worker', 'src', 'index.ts')],
    { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(`code ${code}, signal ${signal}`)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The worker did not start within 60 s:\n${output}`)), 60_000);
    const onData = () => {
      if (output.includes('[worker] ready')) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`The worker exited (${how}):\n${output}`));
    });
  });
  let stopping: Promise<void> | null = null;
  return {
    stop: () =>
      (stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      })()),
  };
}

function fmt(n: number): string {
  return n.toLocaleString('en');
}

function rate(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}
