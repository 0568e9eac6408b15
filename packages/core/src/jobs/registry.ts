import { sql } from 'drizzle-orm';
import { fromDrizzle, PgBoss, type JobResult, type JobWithMetadata, type Queue, type WorkOptions } from 'pg-boss';
import { z } from 'zod';
import { asConnectingRole, type Tx } from '@keyway/db';
import { ZDay } from '../validation.ts';

/** A queue: its name, the payload it accepts, its retry policy and, if periodic, its schedule. */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  payload: S;
  queue: Omit<Queue, 'name'>;
  /** Cron expression (UTC) for periodic jobs. */
  cron?: string;
}

function defineJob<const N extends string, S extends z.ZodType>(definition: JobDefinition<S> & { name: N }): JobDefinition<S> & { name: N } {
  return definition;
}

/** Deletes sessions past their lifetime and rate-limit windows that ended a day ago. */
export const sessionsCleanup = defineJob({
  name: 'auth.sessions-cleanup',
  payload: z.object({}),
  queue: { policy: 'singleton', retryLimit: 3, retryDelay: 60, retryBackoff: true },
  cron: '17 3 * * *',
});

/** Mails one provider request takes (Resend's batch endpoint takes up to 100). */
export const EMAIL_BATCH_SIZE = 100;

/**
 * Delivers one mail row, or a batch of up to 100 in one provider request. Retried with backoff on
 * provider outages; the idempotency key is the row id (a batch's: derived from its row ids), so a
 * retry after an unacknowledged success does not send twice.
 */
export const emailSend = defineJob({
  name: 'email.send',
  payload: z.union([
    z.object({ messageId: z.uuid() }),
    z.object({ messageIds: z.array(z.uuid()).min(1).max(EMAIL_BATCH_SIZE) }),
  ]),
  queue: {
    policy: 'standard',
    retryLimit: 8,
    retryDelay: 5,
    retryBackoff: true,
    retryDelayMax: 600,
    expireInSeconds: 120,
  },
});

/** Queues the scheduled mails whose time has come. */
export const emailDispatchScheduled = defineJob({
  name: 'email.dispatch-scheduled',
  payload: z.object({}),
  queue: { policy: 'singleton', retryLimit: 2, retryDelay: 10 },
  cron: '* * * * *',
});

/**
 * Issues 1.5 × a tier-1 pool's auto-refill threshold from the vendor when its remaining full units
 * are below the threshold. Enqueued in the transaction that made them fall; the handler re-checks
 * under the pool's row lock, so a second run for the same crossing issues nothing.
 */
export const licensePoolAutoRefill = defineJob({
  name: 'license-pool.auto-refill',
  payload: z.object({ poolId: z.uuid() }),
  queue: { policy: 'standard', retryLimit: 5, retryDelay: 10, retryBackoff: true },
});

/**
 * Once a day: renews auto-renew licenses at expiry, moves expired licenses to grace then expired,
 * returns units of ended licenses to their pools, and schedules "license expiring" mails. `day`
 * (YYYY-MM-DD, UTC) defaults to today; running it twice for one day changes nothing the second time.
 */
export const licensesDaily = defineJob({
  name: 'licenses.daily',
  payload: z.object({ day: ZDay().optional() }),
  queue: { policy: 'singleton', retryLimit: 3, retryDelay: 300, retryBackoff: true },
  cron: '5 0 * * *',
});

/**
 * Writes a key batch's keys in chunks, each chunk and the batch's progress in one transaction:
 * a job that dies part-way is retried and resumes after the last committed chunk.
 */
export const registrationKeysGenerate = defineJob({
  name: 'registration-keys.generate',
  payload: z.object({ batchId: z.uuid() }),
  queue: {
    policy: 'standard',
    retryLimit: 10,
    retryDelay: 5,
    retryBackoff: true,
    retryDelayMax: 300,
    expireInSeconds: 3600,
    // A worker killed mid-batch stops beating; its job is retried within a minute, not an hour.
    heartbeatSeconds: 30,
  },
});

/**
 * Mails a password-reset link for an address typed into "Forgot password?", if an active account
 * has it. The form only queues this job, so it answers in the same time whether or not the
 * account exists; the lookup, the token and the mail happen here, in one transaction.
 */
export const authPasswordReset = defineJob({
  name: 'auth.password-reset',
  payload: z.object({
    email: z.string().max(254),
    /** The console's origin the request came to, for the link in the mail. */
    origin: z.string().max(2048),
    /** The requester's address, for the audit log. */
    ip: z.string().max(64),
  }),
  queue: { policy: 'standard', retryLimit: 3, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 },
});

/**
 * On the 1st of each month: prepares the usage reports of `cycle` (YYYY-MM; the month that ended
 * when absent), one per reporting company, and mails each that it is ready. A second run for the
 * cycle creates nothing.
 */
export const usageReportsPrepare = defineJob({
  name: 'usage-reports.prepare',
  payload: z.object({
    cycle: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A cycle is a month, written YYYY-MM.')
      .optional(),
  }),
  // A run whose failure could not be recorded (the database dropped the connection as it failed)
  // stops beating and is retried within minutes, not when its 15-minute expiry comes. One lost
  // connection can then count twice — the stale heartbeat fails the run, and so does its own
  // failure once the connection is back — so the retries allow for two losses in one run.
  queue: { policy: 'singleton', retryLimit: 5, retryDelay: 300, retryBackoff: true, heartbeatSeconds: 30 },
  cron: '30 0 1 * *',
});

/**
 * Once a day: reminds partners two days before their report is submitted automatically, and
 * submits the reports still preparing whose due day has come (`day`, YYYY-MM-DD UTC, defaults to
 * today). Running it twice for one day changes nothing the second time.
 */
export const usageReportsAutoSubmit = defineJob({
  name: 'usage-reports.auto-submit',
  payload: z.object({ day: ZDay().optional() }),
  // Retries as the preparation's: a lost connection may count twice.
  queue: { policy: 'singleton', retryLimit: 5, retryDelay: 300, retryBackoff: true, heartbeatSeconds: 30 },
  cron: '15 0 * * *',
});

/**
 * Drafts the bills of the approved usage reports of `cycle` (of one tier-1 when `channelId` is
 * given), then mails that they are ready. Standard policy: two runs may work at once, and the
 * bills' unique key on their usage report makes them draft each bill once.
 */
export const billingRun = defineJob({
  name: 'billing.run',
  payload: z.object({
    cycle: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A cycle is a month, written YYYY-MM.'),
    channelId: z.uuid().optional(),
  }),
  // A run whose failure could not be recorded stops beating and is retried within a minute; as
  // with the usage reports' jobs, a lost connection may count twice.
  queue: { policy: 'standard', retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 3600, heartbeatSeconds: 30 },
});

/** Every queue the worker creates at boot. */
export const JOBS = [
  sessionsCleanup,
  emailSend,
  emailDispatchScheduled,
  licensePoolAutoRefill,
  licensesDaily,
  registrationKeysGenerate,
  authPasswordReset,
  usageReportsPrepare,
  usageReportsAutoSubmit,
  billingRun,
] as const satisfies readonly JobDefinition[];

export type JobPayload<J extends JobDefinition> = z.infer<J['payload']>;

/** What works one queue: gets each job's payload, already checked against the queue's schema. */
export type JobHandler<J extends JobDefinition> = (payload: JobPayload<J>, job: JobWithMetadata<unknown>) => Promise<unknown>;

/**
 * Works a queue: every job's payload is parsed with the queue's schema before the handler sees it
 * (a scheduled job without data reads as `{}`), so a payload the schema refuses fails that job
 * with the reason. With `batchSize` above 1 each job of a fetch is settled on its own: one that
 * throws is failed (and retried by the queue's policy) without failing the others.
 */
export async function work<J extends JobDefinition>(
  boss: PgBoss,
  job: J,
  options: Omit<WorkOptions, 'includeMetadata' | 'perJobResults' | 'transactional'>,
  run: JobHandler<J>,
): Promise<string> {
  const handle = (queued: JobWithMetadata<unknown>) => run(job.payload.parse(queued.data ?? {}) as JobPayload<J>, queued);
  if ((options.batchSize ?? 1) <= 1) {
    return boss.work(job.name, { ...options, includeMetadata: true }, async ([queued]) => (queued ? handle(queued) : undefined));
  }
  return boss.work(job.name, { ...options, includeMetadata: true, perJobResults: true }, async (batch) => {
    const results: JobResult[] = [];
    // One after another, so the worker's concurrency stays the number of jobs in flight.
    for (const queued of batch) {
      try {
        results.push({ id: queued.id, status: 'completed', output: await handle(queued) });
      } catch (error) {
        results.push({ id: queued.id, status: 'failed', output: { message: error instanceof Error ? error.message : String(error) } });
      }
    }
    return results;
  });
}

/**
 * Sends a job inside the caller's transaction: if the transaction rolls back, the job was never
 * queued. The payload is validated against the queue's schema first.
 */
export async function enqueue<J extends JobDefinition>(
  tx: Tx,
  boss: PgBoss,
  job: J,
  payload: JobPayload<J>,
): Promise<string | null> {
  const data = job.payload.parse(payload) as object;
  // A request's transaction runs as its tier role, which has no access to the job tables.
  return asConnectingRole(tx, () => boss.send(job.name, data, { db: fromDrizzle(tx, sql) }));
}

/**
 * Sends many jobs of one queue inside the caller's transaction in one statement, each payload
 * validated first.
 */
export async function enqueueMany<J extends JobDefinition>(
  tx: Tx,
  boss: PgBoss,
  job: J,
  payloads: JobPayload<J>[],
): Promise<void> {
  if (payloads.length === 0) return;
  const data = payloads.map((payload) => ({ data: job.payload.parse(payload) as object }));
  await asConnectingRole(tx, () => boss.insert(job.name, data, { db: fromDrizzle(tx, sql) }));
}

/**
 * Sends jobs from a process that does not work them (the console): pg-boss starts on first use
 * without maintenance or scheduling, which stay with the worker.
 */
export interface JobQueue {
  send<J extends JobDefinition>(tx: Tx, job: J, payload: JobPayload<J>): Promise<string | null>;
  sendMany<J extends JobDefinition>(tx: Tx, job: J, payloads: JobPayload<J>[]): Promise<void>;
  stop(): Promise<void>;
}

export function createJobQueue(connectionString: string): JobQueue {
  let started: Promise<PgBoss> | undefined;
  const boss = () => {
    started ??= (async () => {
      const instance = new PgBoss({ connectionString, max: 2, supervise: false, schedule: false });
      instance.on('error', (error) => console.error('[jobs] pg-boss:', error.message));
      await instance.start();
      return instance;
    })();
    return started;
  };
  return {
    send: async (tx, job, payload) => enqueue(tx, await boss(), job, payload),
    sendMany: async (tx, job, payloads) => enqueueMany(tx, await boss(), job, payloads),
    async stop() {
      if (started) await (await started).stop({ graceful: false });
    },
  };
}

/** Runs `fn` with a job queue on `connectionString`, stopped when `fn` ends. */
export async function withJobQueue<T>(connectionString: string, fn: (jobs: JobQueue) => Promise<T>): Promise<T> {
  const jobs = createJobQueue(connectionString);
  try {
    return await fn(jobs);
  } finally {
    await jobs.stop();
  }
}

/** A queue over an already started pg-boss (the worker's own). */
export function jobQueueOf(boss: PgBoss): JobQueue {
  return {
    send: (tx, job, payload) => enqueue(tx, boss, job, payload),
    sendMany: (tx, job, payloads) => enqueueMany(tx, boss, job, payloads),
    stop: async () => {},
  };
}

/**
 * Creates pg-boss's schema and every queue in a database, then disconnects: run before the
 * console and the worker start, and on the test template database.
 */
export async function installJobs(connectionString: string): Promise<void> {
  const boss = new PgBoss({ connectionString, max: 2, supervise: false, schedule: true });
  await boss.start();
  await registerQueues(boss);
  await boss.stop({ graceful: false, close: true });
}

/** Creates every registered queue and schedules the periodic ones; safe to run at every boot. */
export async function registerQueues(boss: PgBoss): Promise<void> {
  for (const job of JOBS) {
    const existing = await boss.getQueue(job.name);
    // A queue's policy is fixed at creation; the rest of its options follow the definition.
    const { policy: _policy, ...updatable } = job.queue;
    if (existing) await boss.updateQueue(job.name, updatable);
    else await boss.createQueue(job.name, job.queue);
    if (job.cron) await boss.schedule(job.name, job.cron, {}, { tz: 'UTC' });
  }
}
