import { closeDb, createDb, type Db } from '@keyway/db';
import { env } from './env.ts';

let pool: Db | undefined;

/** One pool for the life of the process, opened on first use. */
export function db(): Db {
  pool ??= createDb(env().DATABASE_URL, { max: 10 });
  return pool;
}

/** Closes the pool at shutdown, once the last request has been answered. */
export async function closePool(): Promise<void> {
  if (!pool) return;
  const closing = pool;
  pool = undefined;
  await closeDb(closing);
}
