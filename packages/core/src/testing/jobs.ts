import { PgBoss } from 'pg-boss';
import type { JobDefinition, JobPayload } from '../jobs/registry.ts';

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
