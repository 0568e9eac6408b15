import type { JobWithMetadata } from 'pg-boss';
import * as jobs from '@keyway/core/jobs';
import { markKeyBatchFailed, runKeyBatch, type RunKeyBatchResult } from '@keyway/core/registration-keys';
import type { Db } from '@keyway/db';

type Payload = jobs.JobPayload<typeof jobs.registrationKeysGenerate>;

/**
 * `registration-keys.generate`: writes a batch's keys chunk by chunk. A job that fails or dies is
 * retried and resumes after the last committed chunk; after its last retry the batch is marked
 * failed with a message for the person who started it, and the keys written so far stay.
 */
export function registrationKeysHandler(db: Db, options: { chunk?: number } = {}) {
  return async ({ batchId }: Payload, job: JobWithMetadata<unknown>): Promise<RunKeyBatchResult> => {
    const started = performance.now();
    try {
      const result = await runKeyBatch(db, batchId, { chunk: options.chunk });
      if (result.written > 0) {
        console.log(
          `[worker] ${jobs.registrationKeysGenerate.name} ${batchId}: ${result.written} keys written, ${result.generated} of ${result.count} (${Math.round(performance.now() - started)} ms)`,
        );
      }
      return result;
    } catch (error) {
      const reason = rootMessage(error);
      console.error(`[worker] ${jobs.registrationKeysGenerate.name} ${batchId} (attempt ${job.retryCount + 1}): ${reason}`);
      if (job.retryCount >= job.retryLimit) {
        await markKeyBatchFailed(
          db,
          batchId,
          'The keys could not be generated after several attempts. The keys written so far are kept; contact support to finish the batch.',
        );
      }
      throw error;
    }
  };
}

/** The underlying failure's message: the driver's, not the ORM's wrapper that repeats the query. */
function rootMessage(error: unknown): string {
  let e = error;
  for (let depth = 0; depth < 5 && e instanceof Error && e.cause !== undefined; depth++) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}
