import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
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

const consoleEntry = join(repoRoot, 'apps/console/build/index.js');

/** True (and says so) when the console is not built: the benchmarks that send to it need it. */
export function builtConsoleMissing(benchmark: string): boolean {
  if (existsSync(consoleEntry)) return false;
  console.error(`\nThe ${benchmark} benchmark sends to the built console: run \`npm run build -w @keyway/console\` first.`);
  process.exitCode = 1;
  return true;
}

/** The built console on its own port and the benchmark's database, as `npm start` runs it. */
export async function startConsole(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [consoleEntry], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', ORIGIN: `http://127.0.0.1:${port}`, BODY_SIZE_LIMIT: '6M' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The console exited with ${child.exitCode}.`);
    try {
      await fetch(`http://127.0.0.1:${port}/sign-in`);
      return child;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  child.kill('SIGTERM');
  throw new Error('The console did not answer within 30 s.');
}

/** Stops a console `startConsole` started and waits for it to exit. */
export async function stopConsole(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No port.'))));
    });
  });
}
