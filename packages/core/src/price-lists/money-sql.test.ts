import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { createTestDb, type TestDb } from '@keyway/db/testing';
import { pgArray } from '../sql.ts';
import { decimalSql, formatMinor, lineAmountMinor, lineAmountSql } from './money.ts';

/** The billing run prices lines in SQL, edits price them in TypeScript: both must give the same amounts. */
describe('the line amount rule in SQL', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => t?.drop());

  it('agrees with the TypeScript rule on random lines, edges included', async () => {
    const lines = fc.sample(
      fc.record({
        chargeable: fc.integer({ min: 0, max: 2_000_000_000 }),
        price: fc.bigInt({ min: 0n, max: 1_000_000_000n }),
        bps: fc.integer({ min: 0, max: 10_000 }),
      }),
      { numRuns: 5_000, seed: 20261207 },
    );
    lines.push({ chargeable: 1, price: 1n, bps: 5_000 }, { chargeable: 1, price: 1n, bps: 5_001 }, { chargeable: 2_000_000_000, price: 1_000_000_000n, bps: 0 });
    const rows = await t.db.execute<{ amount: string }>(sql`
      select ${lineAmountSql(sql`c`, sql`p`, sql`b`)}::text as amount
      from unnest(${pgArray(lines.map((l) => l.chargeable))}::int[], ${pgArray(lines.map((l) => l.price.toString()))}::bigint[],
        ${pgArray(lines.map((l) => l.bps))}::int[]) with ordinality as x(c, p, b, n)
      order by n`);
    expect(rows.map((r) => BigInt(r.amount))).toEqual(lines.map((l) => lineAmountMinor(l.chargeable, l.price, l.bps)));
  });

  it('writes the same decimal text as the api', async () => {
    const cases = [
      [123450n, 'USD'],
      [5n, 'EUR'],
      [0n, 'CHF'],
      [1234n, 'JPY'],
      [1234n, 'KWD'],
      [999_999_999_999_999n, 'GBP'],
    ] as const;
    for (const [minor, currency] of cases) {
      const [row] = await t.db.execute<{ text: string }>(sql`select ${decimalSql(sql`${minor.toString()}::bigint`, sql`${currency}::text`)} as text`);
      expect(row!.text).toBe(formatMinor(minor, currency));
    }
  });
});
