import { sql } from 'drizzle-orm';
import type { Db } from '@keyway/db';

/**
 * Tables whose rows change on a refused call by design: sessions, and the rate-limit counters
 * that count refused attempts. The job queue's schema is not in `public`.
 */
const EXCLUDED = new Set(['sessions', 'rate_limits', '__drizzle_migrations']);

export interface WriteLog {
  /** A mark to compare against: the newest write committed so far. */
  mark(): Promise<number>;
  /** The tables written by transactions committed after `mark`, if any. */
  since(mark: number): Promise<string[]>;
}

/**
 * Records which application table every committed row change touches, in the probe's own
 * database: a row trigger on each table appends the table's name to `probe_writes` in the same
 * transaction, so a refused call rolled back leaves nothing and one that committed a change (even
 * to the same values) leaves a row. Comparing a mark costs one indexed query per call, where
 * hashing every table after every call would cost the probe most of its time.
 */
export async function installWriteLog(db: Db): Promise<WriteLog> {
  const tables = await db.execute<{ name: string }>(
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  await db.execute(sql`create table probe_writes (id bigint generated always as identity primary key, table_name text not null)`);
  // Security definer: requests write as their tier role (row-level security), which has no
  // privileges on the probe's own table; the log is written as its owner. Its table is named with
  // its schema: a write made inside another trigger runs under that trigger's search path (the
  // company counters' is pg_catalog only).
  await db.execute(
    sql.raw(`create function probe_log_write() returns trigger language plpgsql security definer as $$
      begin insert into public.probe_writes (table_name) values (tg_table_name); return null; end $$`),
  );
  for (const { name } of tables) {
    if (EXCLUDED.has(name)) continue;
    await db.execute(sql.raw(`create trigger probe_write after insert or update or delete on public."${name}" for each row execute function probe_log_write()`));
  }
  return {
    async mark() {
      const [row] = await db.execute<{ id: string }>(sql`select coalesce(max(id), 0) as id from probe_writes`);
      return Number(row!.id);
    },
    async since(mark) {
      const rows = await db.execute<{ name: string }>(sql`select distinct table_name as name from probe_writes where id > ${mark} order by 1`);
      return rows.map((r) => r.name);
    },
  };
}
