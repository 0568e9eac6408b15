import { sql } from 'drizzle-orm';
import type { Executor } from '@keyway/db';

export interface RateLimit {
  /** Attempts allowed in one window. */
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the window resets; 0 when allowed. */
  retryAfterSeconds: number;
}

/**
 * Counts one attempt against `key` and says whether it is within the limit. One atomic upsert,
 * so concurrent attempts from several processes are all counted.
 */
export async function consumeRateLimit(
  db: Executor,
  key: string,
  { limit, windowSeconds }: RateLimit,
): Promise<RateLimitResult> {
  const window = sql`make_interval(secs => ${windowSeconds})`;
  const [row] = await db.execute<{ count: number; retry_after: number }>(sql`
    insert into rate_limits (key, window_start, count) values (${key}, now(), 1)
    on conflict (key) do update set
      count = case when rate_limits.window_start <= now() - ${window} then 1 else rate_limits.count + 1 end,
      window_start = case when rate_limits.window_start <= now() - ${window} then now() else rate_limits.window_start end
    returning count, ceil(extract(epoch from (window_start + ${window} - now())))::int as retry_after
  `);
  if (!row) throw new Error('rate limit upsert returned no row');
  const allowed = row.count <= limit;
  return { allowed, retryAfterSeconds: allowed ? 0 : Math.max(1, row.retry_after) };
}

/** Deletes windows that ended more than a day ago. */
export async function deleteOldRateLimits(db: Executor): Promise<number> {
  const rows = await db.execute(
    sql`delete from rate_limits where window_start < now() - interval '1 day' returning key`,
  );
  return rows.length;
}
