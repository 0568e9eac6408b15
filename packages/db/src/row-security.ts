import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { PostgresJsDatabase, PostgresJsSession } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { retryingTransactions, type Db, type Executor } from './client.ts';

/** The NOLOGIN role a request runs as, one per tier; migration 0009 gives each its policies. */
export type TierRole = 'keyway_vendor' | 'keyway_tier1' | 'keyway_tier2' | 'keyway_customer';

/** Who the statements act for: the role, and the actor company's tenancy stamps the policies compare with. */
export interface RowContext {
  role: TierRole;
  channelId: string | null;
  partnerId: string | null;
  customerId: string | null;
}

/** One statement sets the role and the stamps, all local to the transaction they open. */
const SET_CONTEXT = `select set_config('role', $1, true), set_config('app.channel_id', $2, true),
  set_config('app.partner_id', $3, true), set_config('app.customer_id', $4, true)`;

/**
 * Every statement of a request sends it, so it is prepared once per connection rather than parsed
 * and planned each time: about a third of the per-statement cost of the context.
 */
const PREPARED = { prepare: true } as const;

function contextParams(context: RowContext): string[] {
  return [context.role, context.channelId ?? '', context.partnerId ?? '', context.customerId ?? ''];
}

const postgresError = postgres.PostgresError;
const dialect = new PgDialect({ casing: 'snake_case' });

type Sql = postgres.Sql;
type Reserved = postgres.ReservedSql;
type Query = ReturnType<Reserved['unsafe']> | ReturnType<ReturnType<Reserved['unsafe']>['values']>;

/**
 * Hands a reserved connection back to the pool once the server has answered its last statement
 * (with success or an error of its own). A connection whose last statement failed for want of a
 * server was lost: the pool has already closed it, and must not take it back as open.
 */
function releaseUnlessLost(connection: Reserved, last: PromiseSettledResult<unknown>): void {
  if (last.status === 'fulfilled' || last.reason instanceof postgresError) connection.release();
}

/**
 * The database as seen by one actor: every statement runs in a transaction that first takes the
 * actor's tier role and stamps, so the row-level policies apply to it whatever its where-clause
 * says. A statement outside `transaction` gets a transaction of its own (begin, context, the
 * statement and commit are sent together: no extra round trip), so statements that ran side by
 * side on separate connections still do, and one that commits on its own (a rate-limit count)
 * still commits even when the request fails afterwards. `transaction` opens one transaction
 * whose first statement sets the context, and keeps the retry on conflicts of `createDb`.
 */
export function withRowContext(db: Db, context: RowContext): Db {
  const client = db.$client;
  const params = contextParams(context);

  /**
   * Runs one statement on a connection of its own, inside a transaction under the context. Begin,
   * context, statement and commit are pipelined: none waits for the one before it. A failed
   * statement leaves the transaction aborted, and the commit then rolls it back.
   */
  async function inContext(statement: (connection: Reserved) => Query): Promise<unknown> {
    const connection = await client.reserve();
    const begun = connection.unsafe('begin').execute();
    const set = connection.unsafe(SET_CONTEXT, params, PREPARED).execute();
    const result = statement(connection).execute();
    const commit = connection.unsafe('commit').execute();
    const [b, s, r, c] = await Promise.allSettled([begun, set, result, commit]);
    releaseUnlessLost(connection, c);
    for (const outcome of [b, s, r, c]) if (outcome.status === 'rejected') throw outcome.reason;
    return (r as PromiseFulfilledResult<unknown>).value;
  }

  function unsafe(query: string, values?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) {
    const statement = (connection: Reserved) => connection.unsafe(query, values, options);
    return {
      then<A, B>(resolve: (rows: unknown) => A, reject?: (error: unknown) => B) {
        return inContext(statement).then(resolve, reject);
      },
      values: () => inContext((connection) => statement(connection).values()),
      /** Reads the result in batches, in one transaction under the context for the whole read. */
      async *cursor(rows: number) {
        const connection = await client.reserve();
        try {
          await connection.unsafe('begin');
          await connection.unsafe(SET_CONTEXT, params, PREPARED);
          for await (const batch of statement(connection).cursor(rows)) yield batch;
        } finally {
          // Read to the end, abandoned by the reader or failed: nothing was written, so the
          // transaction ends with a rollback either way.
          const [ended] = await Promise.allSettled([connection.unsafe('rollback')]);
          releaseUnlessLost(connection, ended);
        }
      },
    };
  }

  function begin(...args: [string, (sql: postgres.TransactionSql) => unknown] | [(sql: postgres.TransactionSql) => unknown]) {
    const [options, run] = args.length === 2 ? args : ['', args[0]];
    return client.begin(options, async (tx) => {
      await tx.unsafe(SET_CONTEXT, params, PREPARED);
      return run(tx);
    });
  }

  const scoped = new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') return unsafe;
      if (property === 'begin') return begin;
      return Reflect.get(target, property, receiver) as unknown;
    },
  }) as Sql;
  // Built from the pool's relational schema rather than with `drizzle()`, which would work the
  // schema out again for every request (about half a millisecond).
  const relational = { fullSchema: db._.fullSchema, schema: db._.schema!, tableNamesMap: db._.tableNamesMap };
  const scopedDb = new PostgresJsDatabase(dialect, new PostgresJsSession(scoped, dialect, relational), relational) as Db;
  scopedDb.$client = scoped;
  return retryingTransactions(scopedDb);
}

/**
 * Runs one step of a transaction as the connecting role, past the tier policies, then takes the
 * tier role back. Only for what crosses the tier boundary by design, named at each call: a job
 * queued with the change (the job tables are not the tiers'), the mail a tier-2's request sends to
 * its parent's deciders. Outside a request's context (the worker, the owner's connection) it
 * simply runs the step.
 */
export async function asConnectingRole<T>(tx: Executor, step: () => Promise<T>): Promise<T> {
  const [{ role } = { role: 'none' }] = await tx.execute<{ role: string }>(sql`select current_setting('role') as role`);
  if (role === 'none') return step();
  await tx.execute(sql`select set_config('role', 'none', true)`);
  // A step that fails aborts the transaction (or its savepoint, whose rollback restores the role
  // too), so the role is taken back only after a step that succeeded.
  const result = await step();
  await tx.execute(sql`select set_config('role', ${role}, true)`);
  return result;
}
