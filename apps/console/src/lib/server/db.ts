import { createDb, type Db } from '@keyway/db';
import { env } from './env.ts';

let pool: Db | undefined;

/** One pool for the life of the process, opened on first use. */
export function db(): Db {
  pool ??= createDb(env().DATABASE_URL, { max: 10 });
  return pool;
}
