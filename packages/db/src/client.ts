import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type { PgTransaction } from 'drizzle-orm/pg-core';
import type { PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import postgres from 'postgres';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
export type Db = PostgresJsDatabase<Schema> & { $client: postgres.Sql };
export type Tx = PgTransaction<PostgresJsQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a query can run on: the database or an open transaction. */
export type Executor = Db | Tx;

export interface DbOptions {
  /** Pool size; a web process and a worker each keep one pool for their lifetime. */
  max?: number;
}

export function createDb(url: string, options: DbOptions = {}): Db {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: 'keyway' },
  });
  return retryingTransactions(drizzle(client, { schema, casing: 'snake_case' }) as Db);
}

/**
 * SQLSTATEs of a transaction Postgres rolled back because another one changed the same rows at
 * the same moment: serialization_failure and deadlock_detected. Running it again is the remedy
 * Postgres documents for both.
 */
export const TRANSACTION_CONFLICT_CODES: readonly string[] = ['40001', '40P01'];

/** How many times a top-level transaction runs before its conflict reaches the caller. */
export const TRANSACTION_ATTEMPTS = 3;

function isTransactionConflict(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSACTION_CONFLICT_CODES.includes(code)) return true;
  }
  return false;
}

/**
 * Runs every top-level `db.transaction` again (after a short random pause, so the two contenders
 * do not collide again in step) when Postgres aborted it as a deadlock or serialization failure.
 * A transaction is the unit that is safe to repeat: its writes, the jobs it enqueues and its audit
 * rows were all rolled back together. Nested transactions (savepoints, `tx.transaction`) are not
 * retried on their own: the conflict aborts the outermost one, which runs again as a whole.
 */
export function retryingTransactions(db: Db): Db {
  const transaction = db.transaction.bind(db);
  db.transaction = async (run, config) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await transaction(run, config);
      } catch (error) {
        if (attempt >= TRANSACTION_ATTEMPTS || !isTransactionConflict(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, attempt * (5 + Math.random() * 20)));
      }
    }
  };
  return db;
}

export async function closeDb(db: Db): Promise<void> {
  await db.$client.end({ timeout: 5 });
}
