import { eq, sql } from 'drizzle-orm';
import { companies, users, type Db } from '@keyway/db';
import { createTestDb, type TestDb } from '@keyway/db/testing';
import { tierOf } from '../privileges.ts';
import { seedDemoData } from '../seed/index.ts';
import type { Actor } from '../tenancy/index.ts';

export { waitForJob, waitForQueue, workQueuedJobs } from './jobs.ts';

export const DEMO_PASSWORD = 'keyway-demo';

/** A fresh database of its own with the demo deployment loaded. */
export async function createSeededDb(): Promise<TestDb> {
  const t = await createTestDb();
  await seedDemoData(t.db, DEMO_PASSWORD);
  return t;
}

/** The demo user with this email, as domain functions see it. */
export async function actorFor(db: Db, email: string): Promise<Actor> {
  const [row] = await db
    .select({ user: users, company: companies })
    .from(users)
    .innerJoin(companies, eq(companies.id, users.companyId))
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  if (!row) throw new Error(`No demo user ${email}`);
  return {
    userId: row.user.id,
    role: row.user.role,
    tier: tierOf(row.company),
    company: row.company,
    ip: '127.0.0.1',
  };
}

export async function companyByAccount(db: Db, accountName: string) {
  const [row] = await db.select().from(companies).where(eq(companies.accountName, accountName));
  if (!row) throw new Error(`No demo company ${accountName}`);
  return row;
}
