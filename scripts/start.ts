/**
 * `npm start`: the console and the worker on one database.
 *
 * - With DATABASE_URL: migrates it and starts both. Seeds nothing (use `npm run db:seed`).
 * - Without: starts an embedded PostgreSQL under `.data/postgres` (created on first run, reused
 *   after), migrates it, and loads the demo data once.
 * - `--e2e`: a fresh database for an end-to-end run (a new database on DATABASE_URL's server, or
 *   a throw-away embedded server), migrated and seeded, dropped again on exit.
 *
 * Ctrl-C (or SIGTERM) stops the console and the worker, then the embedded server; a second one
 * kills them. A worker that dies is started again (with a growing pause); the console stopping
 * stops everything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const started = performance.now();
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const e2e = process.argv.includes('--e2e');
if (existsSync(join(root, '.env')) && !e2e) process.loadEnvFile(join(root, '.env'));

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const consoleEntry = join(root, 'apps/console/build/index.js');
if (!existsSync(consoleEntry)) {
  console.error('The console is not built yet: run `npm start` (it builds first) or `npm run build`.');
  process.exit(1);
}

const cleanups: (() => Promise<void>)[] = [];
let shuttingDown = false;
// Ctrl-C while starting stops what has started so far; a second one does not wait for the
// console and the worker to finish what they have in hand.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (!shuttingDown) return void shutdown(0);
    for (const { child } of children) child.kill('SIGKILL');
  });
}
const children: Running[] = [];

// tsx compiles the TypeScript (and the email package's TSX) the worker runs from source.
const { closeDb, createDb, migrateDb, withDatabaseName, startEmbedded } = await loadDb();
// The origin the console answers on: state-changing requests must come from it, and over https
// the session cookie is Secure. Set ORIGIN when the console sits behind a proxy or on a domain.
// The demo's mails link to it too.
const shown = host === '0.0.0.0' || host === '127.0.0.1' ? 'localhost' : host;
const origin = process.env.ORIGIN ?? `http://${shown}:${port}`;
const databaseUrl = await prepareDatabase();
// The Node adapter refuses bodies above 512 KB by default; usage ingest takes up to 5 MB
// (10,000 records) and answers larger ones itself with a JSON 413.
const bodySizeLimit = process.env.BODY_SIZE_LIMIT ?? '6M';
const env = { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: host, ORIGIN: origin, BODY_SIZE_LIMIT: bodySizeLimit };
children.push(launch('console', [consoleEntry], env));
children.push(launch('worker', ['--import', 'tsx', join(root, 'apps/worker/src/index.ts')], env, true));

await waitForHealth(`http://${host}:${port}/healthz`);
console.log(
  `\nKeyway console ready at ${origin} ` +
    `(${((performance.now() - started) / 1000).toFixed(1)} s). Press Ctrl-C to stop.\n`,
);


async function loadDb() {
  const { register } = await import('tsx/esm/api');
  register();
  const db = await import('@keyway/db');
  const embedded = await import('@keyway/db/embedded');
  const testing = await import('@keyway/db/testing');
  return {
    closeDb: db.closeDb,
    createDb: db.createDb,
    migrateDb: db.migrateDb,
    withDatabaseName: testing.withDatabase,
    startEmbedded: embedded.startEmbeddedPostgres,
  };
}

async function prepareDatabase(): Promise<string> {
  let url = process.env.DATABASE_URL;
  let seed: boolean | 'first-run' = false;
  if (e2e) {
    if (url) {
      const name = `kw_e2e_${randomBytes(5).toString('hex')}`;
      const admin = createDb(url, { max: 1 });
      await admin.$client.unsafe(`create database ${name}`);
      await closeDb(admin);
      cleanups.push(async () => {
        const again = createDb(url!, { max: 1 });
        await again.$client.unsafe(`drop database if exists ${name} with (force)`);
        await closeDb(again);
      });
      url = withDatabaseName(url, name);
    } else {
      const dir = join(tmpdir(), `keyway-e2e-pg-${randomBytes(4).toString('hex')}`);
      const server = await startEmbedded({ dir, port: port + 1000, ephemeral: true });
      cleanups.push(async () => {
        await server.stop();
        await rm(dir, { recursive: true, force: true });
      });
      url = server.url;
    }
    seed = true;
    // End-to-end specs that need rows no console flow makes yet read the database from here.
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(join(root, 'test-results'), { recursive: true });
    await writeFile(join(root, 'test-results/e2e-database-url.txt'), url);
  } else if (!url) {
    const server = await startEmbedded({ dir: join(root, '.data/postgres') });
    cleanups.push(() => server.stop());
    url = server.url;
    console.log(`Embedded PostgreSQL on port ${server.port} (data in .data/postgres).`);
    seed = 'first-run';
  }

  const db = createDb(url, { max: 2 });
  try {
    await migrateDb(db);
    // The job queues exist before the console can send to them.
    const { installJobs } = await import('@keyway/core/jobs');
    await installJobs(url);
    if (seed === 'first-run') {
      const [row] = await db.$client`select count(*)::int as n from companies`;
      seed = row?.n === 0;
    }
    if (seed) {
      const { seedDemoData, seedUsageReports, seedBillingReports, seedLicenseRequests, seedKeyBatches, DEFAULT_SEED_PASSWORD } = await import(
        '@keyway/core/seed'
      );
      const { withJobQueue } = await import('@keyway/core/jobs');
      const accounts = await seedDemoData(db, process.env.SEED_PASSWORD || DEFAULT_SEED_PASSWORD);
      await withJobQueue(url, async (jobs) => {
        await seedUsageReports(db, jobs);
        await seedBillingReports(db, jobs);
        await seedLicenseRequests(db, jobs, origin);
        await seedKeyBatches(db, jobs);
      });
      console.log(`Demo data loaded: ${accounts.length} accounts (see README).`);
    }
  } finally {
    await closeDb(db);
  }
  return url;
}

/**
 * Runs one process of the app. The worker is restarted when it dies (a crash must not take the
 * console down with it), after a pause that doubles with each crash in a row up to 30 s; a worker
 * that ran for a minute counts as healthy again. The console stopping stops everything.
 */
function launch(name: string, args: string[], childEnv: NodeJS.ProcessEnv, restart = false): Running {
  const running: Running = { child: start(), restarts: 0 };
  function start(): ChildProcess {
    const startedAt = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, env: childEnv, stdio: 'inherit' });
    child.on('exit', (code, signal) => {
      if (shuttingDown) return;
      const how = signal ?? `exit code ${code}`;
      if (!restart) {
        console.error(`The ${name} stopped unexpectedly (${how}); stopping.`);
        void shutdown(1);
        return;
      }
      if (performance.now() - startedAt > 60_000) running.restarts = 0;
      const delay = Math.min(30_000, 1000 * 2 ** running.restarts++);
      console.error(`The ${name} stopped unexpectedly (${how}); restarting it in ${delay / 1000} s.`);
      running.timer = setTimeout(() => {
        if (!shuttingDown) running.child = start();
      }, delay);
    });
    return child;
  }
  return running;
}

interface Running {
  child: ChildProcess;
  restarts: number;
  timer?: NodeJS.Timeout;
}

async function waitForHealth(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  console.error(`The console did not answer on ${url} within a minute.`);
  await shutdown(1);
}

async function shutdown(code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  for (const running of children) clearTimeout(running.timer);
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 35_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (error) {
      console.error('Cleanup failed:', error);
    }
  }
  process.exit(code);
}
