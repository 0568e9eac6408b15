import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from './testing.ts';

/**
 * A terminated backend (a failover, a restart, a proxy dropping connections) must cost the query
 * on that connection an error, never the process. The postgres driver (3.4.9) threw from a
 * setImmediate callback when a connection whose socket was already closed wrote again, which no
 * caller can catch (patches/postgres+3.4.9.patch guards it). Each scenario runs in a process of
 * its own, so that a crash shows as that process's exit.
 */
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

async function runScript(source: string): Promise<{ exit: string; output: string }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', source], {
    cwd: import.meta.dirname,
    env: { ...process.env, TEST_DATABASE_URL: t.url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exit = await new Promise<string>((resolve) =>
    child.on('exit', (code, signal) => resolve(`code ${code}, signal ${signal}`)),
  );
  return { exit, output };
}

describe('a terminated database connection', () => {
  it('rejects the next queries on a reserved connection instead of ending the process', async () => {
    const result = await runScript(`
      import postgres from 'postgres';
      const sql = postgres(process.env.TEST_DATABASE_URL, { max: 2, onnotice() {} });
      const killer = postgres(process.env.TEST_DATABASE_URL, { max: 1 });
      const reserved = await sql.reserve();
      const [{ pid }] = await reserved\`select pg_backend_pid() as pid\`;
      await killer\`select pg_terminate_backend(\${pid})\`;
      // The first one meets the reset (ECONNRESET) or the close (CONNECTION_CLOSED); the ones
      // after it are written to a connection without a socket.
      for (const attempt of [1, 2, 3]) {
        const outcome = await reserved\`select 1\`.then(() => 'answered', (e) => e.code);
        console.log('attempt ' + attempt + ': ' + (attempt === 1 && outcome !== 'answered' ? 'refused' : outcome));
      }
      const [{ one }] = await sql\`select 1 as one\`;
      console.log('pool answers ' + one);
      await Promise.all([sql.end({ timeout: 1 }), killer.end()]);
    `);
    expect(result).toEqual({
      exit: 'code 0, signal null',
      output: 'attempt 1: refused\nattempt 2: CONNECTION_CLOSED\nattempt 3: CONNECTION_CLOSED\npool answers 1\n',
    });
  });

  it('fails the transaction it was in, and the pool carries on', async () => {
    const result = await runScript(`
      import postgres from 'postgres';
      import { drizzle } from 'drizzle-orm/postgres-js';
      import { sql } from 'drizzle-orm';
      const client = postgres(process.env.TEST_DATABASE_URL, { max: 2, onnotice() {} });
      const db = drizzle(client);
      const killer = postgres(process.env.TEST_DATABASE_URL, { max: 1 });
      const outcome = await db.transaction(async (tx) => {
        const [{ pid }] = await tx.execute(sql\`select pg_backend_pid() as pid\`);
        await killer\`select pg_terminate_backend(\${pid})\`;
        // The first statement learns that the connection is gone; the ones after it (and the
        // rollback) are written to a connection without a socket.
        await tx.execute(sql\`select 1\`).catch(() => {});
        await tx.execute(sql\`select 2\`);
      }).then(() => 'committed', (e) => 'rolled back: ' + (e.code ?? e.cause?.code));
      console.log(outcome);
      const [{ one }] = await db.execute(sql\`select 1 as one\`);
      console.log('pool answers ' + one);
      await Promise.all([client.end({ timeout: 1 }), killer.end()]);
    `);
    expect(result).toEqual({
      exit: 'code 0, signal null',
      output: 'rolled back: CONNECTION_CLOSED\npool answers 1\n',
    });
  });
});
