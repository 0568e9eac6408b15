import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedEmail {
  /** The request's key: a single mail's own, or the key of the batch it came in. */
  idempotencyKey: string | null;
  /** Set for a mail that came in a batch request. */
  batch: boolean;
  headers?: Record<string, string>;
  id: string;
  from: string;
  to: string | string[];
  subject: string;
  html: string;
  text?: string;
}

/**
 * A local stand-in for Resend's API (`POST /emails`, `POST /emails/batch`) for tests and
 * benchmarks. It keeps Resend's idempotency rule: a repeated `Idempotency-Key` returns the first
 * answer and delivers nothing new. Failures can be scripted: answer 500 or 429 to the next n
 * requests, or accept the next one but answer only after the client has given up (a timeout after
 * the mail was taken). A batch sent with `x-batch-validation: permissive` has its mails to
 * invalid addresses (or to `refuse`d ones) refused one by one, the others delivered.
 */
export interface FakeResend {
  url: string;
  /** Each mail delivered, once per idempotency key. */
  delivered: ReceivedEmail[];
  /** Every request that reached the server, duplicates included. */
  requests: number;
  failNext(count: number, status?: number): void;
  /** Mails to this address are refused as invalid (a partial refusal of a batch). */
  refuse(address: string): void;
  /** The next request is accepted and recorded, but answered only after `delayMs`. */
  stallNext(delayMs: number): void;
  close(): Promise<void>;
}

export async function startFakeResend(options: { apiKey?: string } = {}): Promise<FakeResend> {
  const apiKey = options.apiKey ?? 're_test_key';
  const byKey = new Map<string, { status: number; body: unknown }>();
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  let stall: number | null = null;
  const refused = new Set<string>();
  const stalled = new Set<NodeJS.Timeout>();
  const state: Omit<FakeResend, 'url' | 'close' | 'failNext' | 'stallNext' | 'refuse'> = {
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
    const batch = req.url === '/emails/batch';
    if (req.method !== 'POST' || (req.url !== '/emails' && !batch)) {
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
    type Payload = Omit<ReceivedEmail, 'id' | 'idempotencyKey' | 'batch'>;
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Payload | Payload[];
    const mails = batch ? (parsed as Payload[]) : [parsed as Payload];
    const invalid = (mail: Payload) =>
      (Array.isArray(mail.to) ? mail.to : [mail.to]).some((to) => refused.has(to) || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(to));
    const permissive = req.headers['x-batch-validation'] === 'permissive';

    let status = 200;
    let body: unknown;
    if (batch && mails.length > 100) {
      status = 422;
      body = { statusCode: 422, name: 'validation_error', message: 'A batch holds at most 100 emails.' };
    } else if ((!batch || !permissive) && mails.some(invalid)) {
      status = 422;
      body = { statusCode: 422, name: 'validation_error', message: 'Invalid `to` field.' };
    } else {
      const data: { id: string }[] = [];
      const errors: { index: number; message: string }[] = [];
      for (const [index, mail] of mails.entries()) {
        if (invalid(mail)) {
          errors.push({ index, message: 'Invalid `to` field.' });
          continue;
        }
        const id = randomUUID();
        state.delivered.push({ ...mail, id, idempotencyKey: key, batch });
        data.push({ id });
      }
      body = batch ? { data, ...(permissive ? { errors } : {}) } : data[0];
    }
    if (key) byKey.set(key, { status, body });
    if (status === 200 && stall !== null) {
      const delay = stall;
      stall = null;
      const timer = setTimeout(() => {
        stalled.delete(timer);
        reply(res, status, body);
      }, delay);
      stalled.add(timer);
      return;
    }
    reply(res, status, body);
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
    refuse(address: string) {
      refused.add(address);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of stalled) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
