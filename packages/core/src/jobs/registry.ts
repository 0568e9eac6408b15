import { sql } from 'drizzle-orm';
import { fromDrizzle, type PgBoss, type Queue } from 'pg-boss';
import { z } from 'zod';
import type { Tx } from '@keyway/db';

/** A queue: its name, the payload it accepts, its retry policy and, if periodic, its schedule. */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  payload: S;
  queue: Omit<Queue, 'name'>;
  /** Cron expression (UTC) for periodic jobs. */
  cron?: string;
}

function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}

/** Deletes sessions past their lifetime and rate-limit windows that ended a day ago. */
export const sessionsCleanup = defineJob({
  name: 'auth.sessions-cleanup',
  payload: z.object({}),
  queue: { policy: 'singleton', retryLimit: 3, retryDelay: 60, retryBackoff: true },
  cron: '17 3 * * *',
});

/** Every queue the worker creates at boot. */
export const JOBS: JobDefinition[] = [sessionsCleanup];

export type JobPayload<J extends JobDefinition> = z.infer<J['payload']>;

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
  return boss.send(job.name, data, { db: fromDrizzle(tx, sql) });
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
