import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDb, type TestDb } from '@keyway/db/testing';
import type { Context } from './context.ts';
import { createCallerFactory, publicProcedure, router } from './trpc.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.drop();
});

/** Makes Postgres itself abort the transaction with this SQLSTATE, as a lost race would. */
const abortWith = (code: '40001' | '40P01') =>
  sql.raw(`do $$ begin raise exception 'lost a race' using errcode = '${code}'; end $$`);

/** A procedure whose transaction conflicts on its first `conflicts` runs, counting its runs. */
function procedureThatConflicts(code: '40001' | '40P01', conflicts: number) {
  const runs = { count: 0 };
  const api = router({
    change: publicProcedure.mutation(({ ctx }) =>
      ctx.db.transaction(async (tx) => {
        runs.count++;
        if (runs.count <= conflicts) await tx.execute(abortWith(code));
        return 'changed';
      }),
    ),
  });
  const caller = createCallerFactory(api)({ db: t.db } as Context);
  return { caller, runs };
}

describe('a transaction that loses a race (deadlock or serialization failure)', () => {
  for (const code of ['40P01', '40001'] as const) {
    it(`runs again and succeeds when the conflict (${code}) was passing`, async () => {
      const { caller, runs } = procedureThatConflicts(code, 1);
      await expect(caller.change()).resolves.toBe('changed');
      expect(runs.count).toBe(2);
    });

    it(`answers CONFLICT, not a server error, when the conflict (${code}) persists`, async () => {
      const { caller, runs } = procedureThatConflicts(code, Infinity);
      await expect(caller.change()).rejects.toMatchObject({
        code: 'CONFLICT',
        message: 'Someone else changed this at the same time. Try again.',
      });
      expect(runs.count).toBe(3);
    });
  }
});
