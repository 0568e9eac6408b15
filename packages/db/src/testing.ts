import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { closeDb, createDb, type Db } from './client.ts';
import { findFreePort, startEmbeddedPostgres } from './embedded.ts';
import { migrateDb } from './migrate.ts';

/**
 * Integration tests run on a real server: `DATABASE_URL` when set, otherwise an embedded one
 * started for the run. Vitest's global setup migrates one template database; every test file
 * then gets its own copy, so files never see each other's rows.
 */
const ADMIN_URL = 'KEYWAY_TEST_ADMIN_URL';
const TEMPLATE = 'KEYWAY_TEST_TEMPLATE';

export async function setupTestServer(
  /** Extra set-up of the migrated template, e.g. the job queue's schema. */
  prepareTemplate?: (templateUrl: string) => Promise<void>,
): Promise<() => Promise<void>> {
  let adminUrl = process.env.DATABASE_URL;
  let stopServer = async () => {};
  if (!adminUrl) {
    const dir = join(tmpdir(), `keyway-test-pg-${randomBytes(4).toString('hex')}`);
    const server = await startEmbeddedPostgres({
      dir,
      port: await findFreePort(55000 + Math.floor(Math.random() * 2000)),
      ephemeral: true,
    });
    adminUrl = server.url;
    stopServer = async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const template = `kw_tpl_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${template}`);
  const db = createDb(withDatabase(adminUrl, template), { max: 1 });
  await migrateDb(db);
  await closeDb(db);
  await prepareTemplate?.(withDatabase(adminUrl, template));
  process.env[ADMIN_URL] = adminUrl;
  process.env[TEMPLATE] = template;

  return async () => {
    await admin.unsafe(`drop database if exists ${template} with (force)`);
    await admin.end();
    await stopServer();
  };
}

export interface TestDb {
  db: Db;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file. */
export async function createTestDb(): Promise<TestDb> {
  const adminUrl = process.env[ADMIN_URL];
  const template = process.env[TEMPLATE];
  if (!adminUrl || !template) {
    throw new Error('No test server: add `globalSetup` from @keyway/db/testing to vitest.config.ts.');
  }
  const name = `kw_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${template}`);
  const url = withDatabase(adminUrl, name);
  const db = createDb(url, { max: 20 });
  return {
    db,
    url,
    async drop() {
      await closeDb(db);
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
