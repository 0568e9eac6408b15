import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDb } from './testing.ts';

describe('test databases', () => {
  it('are migrated copies with the search extension installed', async () => {
    const t = await createTestDb();
    afterAll(() => t.drop());
    const rows = await t.db.execute<{ extname: string }>(
      sql`select extname from pg_extension where extname = 'pg_trgm'`,
    );
    expect(rows.map((r) => r.extname)).toEqual(['pg_trgm']);
    const tables = await t.db.execute<{ tablename: string }>(
      sql`select tablename from pg_tables where schemaname = 'public' order by tablename`,
    );
    expect(tables.map((r) => r.tablename)).toEqual(
      expect.arrayContaining(['audit_log', 'companies', 'products', 'sessions', 'users']),
    );
  });
});
