import { PgBoss } from 'pg-boss';
import * as jobs from '@keyway/core/jobs';
import { closeDb, createDb, type Db } from '@keyway/db';
import { outboxTransport, resendTransport, type EmailTransport } from '@keyway/email/transports';
import { emailDispatchHandler, emailSendHandler, sendingThrottle } from './handlers/email.ts';
import { autoRefillHandler } from './handlers/license-pool.ts';
import { passwordResetHandler } from './handlers/password-reset.ts';
import { licensesDailyHandler } from './handlers/licenses-daily.ts';
import { registrationKeysHandler } from './handlers/registration-keys.ts';
import { sessionsCleanup } from './handlers/sessions-cleanup.ts';
import { usageReportsAutoSubmitHandler, usageReportsPrepareHandler } from './handlers/usage-reports.ts';
import { billingRunHandler } from './handlers/billing.ts';

/** The name of every queue of the registry. */
type QueueName = (typeof jobs.JOBS)[number]['name'];

/** email.send jobs one worker loop takes at a time. */
const EMAIL_BATCH = 10;

export interface WorkerConfig {
  databaseUrl: string;
  /** Seconds between looks for jobs whose heartbeat went stale; pg-boss's 60 when absent. */
  superviseIntervalSeconds?: number;
  /** The console's public origin, for links in the mails jobs write (e.g. license expiry notices). */
  origin?: string;
  email?: {
    /** Resend when a key is given, else the local outbox. */
    resendApiKey?: string;
    resendBaseUrl?: string;
    /** Give up on a provider request after this long and retry it. */
    resendTimeoutMs?: number;
    from?: string;
    ratePerSecond?: number;
    /** Mails delivered at the same time by this worker. */
    concurrency?: number;
    /** Outbox only: print each mail's recipient, subject and links (local runs, where no mail leaves). */
    logOutbox?: boolean;
  };
}

export interface Worker {
  boss: PgBoss;
  db: Db;
  transport: EmailTransport;
  stop(timeoutSeconds?: number): Promise<void>;
}

/**
 * Starts pg-boss on the application database, creates every queue of the registry, and
 * registers one handler per queue.
 */
export async function startWorker(config: WorkerConfig): Promise<Worker> {
  const db = createDb(config.databaseUrl, { max: 10 });
  const boss = new PgBoss({
    connectionString: config.databaseUrl,
    max: 10,
    // Expired jobs and stale heartbeats are looked for in the monitor's pass, once per both intervals.
    ...(config.superviseIntervalSeconds
      ? { superviseIntervalSeconds: config.superviseIntervalSeconds, monitorIntervalSeconds: config.superviseIntervalSeconds }
      : {}),
  });
  let stopping = false;
  // While stopping, a terminal's Ctrl-C may have stopped the database too; its connection errors
  // are expected then, and the jobs in hand go back to the queue.
  boss.on('error', (error) => {
    if (!stopping) console.error('[worker] pg-boss:', error.message);
  });
  await boss.start();
  await jobs.registerQueues(boss);
  const queue = jobs.jobQueueOf(boss);

  const email = config.email ?? {};
  const transport = email.resendApiKey
    ? resendTransport({ apiKey: email.resendApiKey, baseUrl: email.resendBaseUrl, timeoutMs: email.resendTimeoutMs })
    : outboxTransport({ log: email.logOutbox ? (line) => console.log(line) : undefined });

  const send = emailSendHandler(db, {
    transport,
    from: email.from ?? 'Keyway <no-reply@keyway.example>',
    throttle: sendingThrottle(email.ratePerSecond ?? 2),
  });
  // One handler per queue of the registry; `jobs.work` checks each payload against its queue's schema.
  const handlers: { [K in QueueName]: (boss: PgBoss) => Promise<string> } = {
    [jobs.sessionsCleanup.name]: (boss) =>
      jobs.work(boss, jobs.sessionsCleanup, {}, async (_payload, job) => {
        const result = await sessionsCleanup(db);
        console.log(`[worker] ${jobs.sessionsCleanup.name} ${job.id}: deleted ${result.sessions} sessions, ${result.rateLimits} rate-limit windows`);
        return result;
      }),
    // Each of the `concurrency` loops takes up to EMAIL_BATCH jobs a fetch and, while fetches come
    // back full, fetches again at once: with one job a fetch and a poll between fetches, delivery
    // stopped at 2 × concurrency mails a second whatever the sending rate (packages/bench).
    [jobs.emailSend.name]: (boss) =>
      jobs.work(
        boss,
        jobs.emailSend,
        { localConcurrency: email.concurrency ?? 4, pollingIntervalSeconds: 0.5, batchSize: EMAIL_BATCH, burstWhenBatchFull: true },
        send,
      ),
    [jobs.emailDispatchScheduled.name]: (boss) => jobs.work(boss, jobs.emailDispatchScheduled, {}, emailDispatchHandler(db, queue)),
    [jobs.licensePoolAutoRefill.name]: (boss) => jobs.work(boss, jobs.licensePoolAutoRefill, {}, autoRefillHandler(db)),
    [jobs.licensesDaily.name]: (boss) => jobs.work(boss, jobs.licensesDaily, {}, licensesDailyHandler(db, queue, config.origin)),
    [jobs.registrationKeysGenerate.name]: (boss) =>
      jobs.work(boss, jobs.registrationKeysGenerate, { pollingIntervalSeconds: 1 }, registrationKeysHandler(db)),
    // Polled often: the person who asked is waiting for the mail.
    [jobs.authPasswordReset.name]: (boss) =>
      jobs.work(boss, jobs.authPasswordReset, { pollingIntervalSeconds: 0.5 }, passwordResetHandler(db, queue)),
    [jobs.usageReportsPrepare.name]: (boss) =>
      jobs.work(boss, jobs.usageReportsPrepare, {}, usageReportsPrepareHandler(db, queue, config.origin)),
    [jobs.usageReportsAutoSubmit.name]: (boss) =>
      jobs.work(boss, jobs.usageReportsAutoSubmit, {}, usageReportsAutoSubmitHandler(db, queue, config.origin)),
    // Polled often: the tier-1 who ran billing is waiting for its bills. Two at once are safe.
    [jobs.billingRun.name]: (boss) =>
      jobs.work(boss, jobs.billingRun, { pollingIntervalSeconds: 0.5, localConcurrency: 2 }, billingRunHandler(db, queue, config.origin)),
  };
  for (const job of jobs.JOBS) await handlers[job.name](boss);

  return {
    boss,
    db,
    transport,
    async stop(timeoutSeconds = 30) {
      stopping = true;
      // Finishes the jobs in hand before closing; unfinished ones go back to the queue.
      await boss.stop({ graceful: true, timeout: timeoutSeconds * 1000 });
      await closeDb(db);
    },
  };
}
