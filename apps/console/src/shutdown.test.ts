import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '@keyway/db/testing';

/**
 * The built console (`vite build`, which turbo runs before these tests) is started as production
 * runs it, through the project's Node, and stopped with a real signal.
 */
const root = join(import.meta.dirname, '../../..');
const entry = join(import.meta.dirname, '../build/index.js');

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('stopping the console', () => {
  it('answers the request in flight, then exits cleanly on SIGTERM within seconds', async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const child = spawn(join(root, 'node_modules/.bin/node'), [entry], {
      env: { ...process.env, DATABASE_URL: t.url, PORT: String(port), HOST: '127.0.0.1', ORIGIN: origin },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<string>((resolve) =>
      child.on('exit', (code, signal) => resolve(`code ${code}, signal ${signal}`)),
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the console never listened:\n${output}`)), 30_000);
      child.stdout.on('data', () => {
        if (output.includes('Listening on')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });

    // A sign-in whose body is still on its way when the signal arrives: `Expect: 100-continue`
    // makes the server say when it has the request in hand.
    const body = JSON.stringify({ json: { email: 'nobody@keyway.example', password: 'not-the-password' } });
    const inFlight = request(`${origin}/api/trpc/auth.signIn`, {
      method: 'POST',
      headers: {
        Origin: origin,
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        Expect: '100-continue',
      },
    });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      inFlight.on('response', (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      inFlight.on('error', reject);
    });
    await new Promise<void>((resolve) => inFlight.once('continue', resolve));

    const signalled = performance.now();
    child.kill('SIGTERM');
    await new Promise((resolve) => setImmediate(resolve));
    inFlight.end(body);

    const answer = await response;
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body).error.json.message).toBe('Email or password is wrong.');

    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('still running after 5 s'), 5_000));
    const outcome = await Promise.race([exited, timeout]);
    if (outcome.startsWith('still running')) child.kill('SIGKILL');
    expect({ outcome, output }).toEqual({ outcome: 'code 0, signal null', output: expect.any(String) });
    expect(performance.now() - signalled).toBeLessThan(5_000);
  }, 90_000);
});
