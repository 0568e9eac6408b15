import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedEmail {
  idempotencyKey: string | null;
  id: string;
  from: string;
  to: string | string[];
  subject: string;
  html: string;
  text?: string;
}

/**
 * A local stand-in for Resend's API (`POST /emails`) for tests and benchmarks. It keeps Resend's
 * idempotency rule: a repeated `Idempotency-Key` returns the first answer and delivers nothing new.
 * Failures can be scripted: answer 500 to the next n requests, or accept the next one but answer
 * only after the client has given up (a timeout after the mail was taken).
 */
export interface FakeResend {
  url: string;
  /** Each mail delivered, once per idempotency key. */
  delivered: ReceivedEmail[];
  /** Every request that reached the server, duplicates included. */
  requests: number;
  failNext(count: number, status?: number): void;
  /** The next request is accepted and recorded, but answered only after `delayMs`. */
  stallNext(delayMs: number): void;
  close(): Promise<void>;
}

export async function startFakeResend(options: { apiKey?: string } = {}): Promise<FakeResend> {
  const apiKey = options.apiKey ?? 're_test_key';
  const byKey = new Map<string, { status: number; body: unknown }>();
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  let stall: number | null = null;
  const state: Omit<FakeResend, 'url' | 'close' | 'failNext' | 'stallNext'> = {
    delivered: [],
    requests: 0,
  };

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    state.requests++;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url !== '/emails') {
      return reply(res, 404, { statusCode: 404, name: 'not_found', message: 'Not found' });
    }
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return reply(res, 401, { statusCode: 401, name: 'invalid_api_key', message: 'API key is invalid' });
    }
    if (failures.count > 0) {
      failures.count--;
      return reply(res, failures.status, {
        statusCode: failures.status,
        name: failures.status === 429 ? 'rate_limit_exceeded' : 'internal_server_error',
        message: 'The server is having a bad day.',
      });
    }
    const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
    if (key && byKey.has(key)) {
      const first = byKey.get(key)!;
      return reply(res, first.status, first.body);
    }
    const payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Omit<ReceivedEmail, 'id' | 'idempotencyKey'>;
    const recipients = Array.isArray(payload.to) ? payload.to : [payload.to];
    if (recipients.some((to) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(to))) {
      const body = { statusCode: 422, name: 'validation_error', message: 'Invalid `to` field.' };
      if (key) byKey.set(key, { status: 422, body });
      return reply(res, 422, body);
    }
    const id = randomUUID();
    state.delivered.push({ ...payload, id, idempotencyKey: key });
    const body = { id };
    if (key) byKey.set(key, { status: 200, body });
    if (stall !== null) {
      const delay = stall;
      stall = null;
      setTimeout(() => reply(res, 200, body), delay);
      return;
    }
    reply(res, 200, body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      reply(res, 500, { statusCode: 500, name: 'internal_server_error', message: String(error) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    failNext(count: number, status = 500) {
      failures = { count, status };
    },
    stallNext(delayMs: number) {
      stall = delayMs;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
