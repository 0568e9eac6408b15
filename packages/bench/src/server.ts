import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { withDatabase } from '@keyway/db/testing';
import { startEmbeddedPostgres } from '@keyway/db/embedded';

/** The benchmark's own database; never the one `npm start` or the tests use. */
export const BENCH_DATABASE = 'keyway_bench';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const EMBEDDED_DIR = join(repoRoot, '.data', 'bench-postgres');

export interface BenchServer {
  /** The server's maintenance database, for creating and dropping `keyway_bench`. */
  adminUrl: string;
  /** `keyway_bench` on that server. */
  url: string;
  /** Where the data lives, for the printout. */
  description: string;
}

/**
 * Runs `fn` against the server holding the benchmark database: `DATABASE_URL`'s server when it is
 * set, otherwise an embedded PostgreSQL under `.data/bench-postgres` that persists between runs
 * (a million rows are generated once) and is stopped when `fn` ends or on Ctrl-C.
 */
export async function withBenchServer<T>(fn: (server: BenchServer) => Promise<T>): Promise<T> {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const host = new URL(databaseUrl).host;
    return fn({
      adminUrl: databaseUrl,
      url: withDatabase(databaseUrl, BENCH_DATABASE),
      description: `database ${BENCH_DATABASE} on ${host} (DATABASE_URL's server)`,
    });
  }

  const embedded = await startEmbeddedPostgres({ dir: EMBEDDED_DIR });
  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= embedded.stop());
  const onSignal = () => {
    console.error('\nInterrupted; stopping the embedded PostgreSQL.');
    void stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await fn({
      adminUrl: embedded.url,
      url: withDatabase(embedded.url, BENCH_DATABASE),
      description: `database ${BENCH_DATABASE} on the embedded PostgreSQL in .data/bench-postgres (port ${embedded.port})`,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stop();
  }
}

export async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${name}`;
    return rows.length > 0;
  } finally {
    await admin.end();
  }
}

export async function recreateDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}
