import { createJobQueue, type JobQueue } from '@keyway/core/jobs';
import { env } from './env.ts';

let queue: JobQueue | undefined;

/** Sends background jobs from the console; pg-boss connects on the first one. */
export function jobs(): JobQueue {
  queue ??= createJobQueue(env().DATABASE_URL);
  return queue;
}

/** Stops the console's pg-boss at shutdown; the worker keeps the jobs already sent. */
export async function stopJobs(): Promise<void> {
  if (!queue) return;
  const stopping = queue;
  queue = undefined;
  await stopping.stop();
}
