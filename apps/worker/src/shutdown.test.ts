import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { TestDb } from '@keyway/db/testing';
import { createTestDb } from '@keyway/db/testing';
import { startWorker } from './worker.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

describe('stopping the worker', () => {
  it('finishes the job in hand before it stops', async () => {
    const worker = await startWorker({ databaseUrl: t.url });
    await t.db.execute(sql`create table finished (id text primary key)`);
    await worker.boss.createQueue('test.slow');
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    await worker.boss.work('test.slow', { pollingIntervalSeconds: 0.5 }, async ([job]) => {
      started();
      await new Promise((r) => setTimeout(r, 1500));
      await t.db.execute(sql`insert into finished (id) values (${job!.id})`);
    });
    const id = await worker.boss.send('test.slow', {});
    await running;

    await worker.stop(10);

    const rows = await t.db.execute<{ id: string }>(sql`select id from finished`);
    expect(rows.map((r) => r.id)).toEqual([id]);
    const [job] = await t.db.execute<{ state: string }>(sql`select state from pgboss.job where id = ${id}`);
    expect(job?.state).toBe('completed');
  });

  it('exits cleanly on SIGTERM', async () => {
    const entry = join(dirname(fileURLToPath(import.meta.url)), 'index.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', entry], {
      env: { ...process.env, DATABASE_URL: t.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker never became ready:\n${output}`)), 30_000);
      child.stdout.on('data', () => {
        if (output.includes('[worker] ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const exit = new Promise<string>((resolve) =>
      child.on('exit', (code, signal) => resolve(`code ${code}, signal ${signal}`)),
    );
    child.kill('SIGTERM');
    expect({ exit: await exit, output }).toEqual({ exit: 'code 0, signal null', output: expect.any(String) });
    expect(output).toContain('SIGTERM: finishing the jobs in hand');
  });
});
