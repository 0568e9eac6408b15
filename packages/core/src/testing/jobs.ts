import { PgBoss, type JobWithMetadata } from 'pg-boss';
import type { JobDefinition, JobPayload } from '../jobs/index.ts';

/**
 * Works the jobs waiting on one queue as the worker would (fetch, run, complete) until none is
 * left, for API tests that run without a worker process: when it returns, every job queued
 * before the call has finished.
 */
export async function workQueuedJobs<J extends JobDefinition>(
  connectionString: string,
  job: J,
  run: (payload: JobPayload<J>) => Promise<unknown>,
): Promise<number> {
  const boss = new PgBoss({ connectionString, max: 1, supervise: false, schedule: false });
  await boss.start();
  let done = 0;
  try {
    for (;;) {
      const batch = await boss.fetch<JobPayload<J>>(job.name, { batchSize: 20 });
      if (batch.length === 0) return done;
      for (const queued of batch) {
        await boss.complete(job.name, queued.id, (await run(job.payload.parse(queued.data) as JobPayload<J>)) as object);
        done++;
      }
    }
  } finally {
    await boss.stop({ graceful: false, close: true });
  }
}

const FINISHED = ['completed', 'failed', 'cancelled'];

/** Waits until the job has finished (completed, failed or cancelled) and returns it. */
export async function waitForJob<T = object>(boss: PgBoss, name: string, id: string, timeoutMs = 30_000): Promise<JobWithMetadata<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await boss.getJobById<T>(name, id);
    if (job && FINISHED.includes(job.state)) return job;
    if (Date.now() > deadline) throw new Error(`${name} job ${id} did not finish (${job?.state ?? 'not found'})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits until every job of the queue (whose payload contains `data`, when given) has finished, and
 * returns them: whatever was sent before the call has run, so what it did can be counted.
 */
export async function waitForQueue<T = object>(
  boss: PgBoss,
  name: string,
  options: { data?: object; timeoutMs?: number } = {},
): Promise<JobWithMetadata<T>[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const found = await boss.findJobs<T>(name, { data: options.data, limit: 100_000 });
    const waiting = found.filter((job) => !FINISHED.includes(job.state));
    if (waiting.length === 0) return found;
    if (Date.now() > deadline) throw new Error(`${name}: ${waiting.length} jobs did not finish`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
