import type { JobWithMetadata } from 'pg-boss';
import * as jobs from '@keyway/core/jobs';
import { runAutoRefill } from '@keyway/core/license-pool';
import type { Db } from '@keyway/db';

/**
 * `license-pool.auto-refill`: re-checks the pool under its row lock, so a retried or duplicated
 * job for one crossing issues the refill once.
 */
export function autoRefillHandler(db: Db) {
  return async ({ poolId }: jobs.JobPayload<typeof jobs.licensePoolAutoRefill>, job: JobWithMetadata<unknown>) => {
    const result = await runAutoRefill(db, poolId);
    if (result.issued > 0) console.log(`[worker] ${jobs.licensePoolAutoRefill.name} ${job.id}: issued ${result.issued} full units to pool ${poolId}`);
    return result;
  };
}
