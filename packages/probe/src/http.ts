import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { appRouter } from '@keyway/api';
import { testContext } from '@keyway/api/testing';
import { causeLabel, takeLogged } from './calls.ts';
import { setAt } from './hostile.ts';
import type { WriteLog } from './write-log.ts';
import type { World } from './world.ts';

/** Leaf paths of a sample (superjson's dotted form), at most `max`. */
function leafPaths(value: unknown, max: number, prefix: string[] = [], out: string[][] = []): string[][] {
  if (out.length >= max) return out;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, child] of Object.entries(value)) leafPaths(child, max, [...prefix, key], out);
  } else if (prefix.length > 0) {
    out.push(prefix);
  }
  return out;
}

const SPECIALS: [string, () => unknown][] = [
  ['Date', () => new Date('2026-01-01T00:00:00Z')],
  ['Invalid Date', () => new Date(Number.NaN)],
  ['BigInt', () => 2n ** 70n],
  ['Map', () => new Map([['a', 1]])],
  ['Set', () => new Set([1])],
  ['undefined', () => undefined],
  ['RegExp', () => /x/],
];

/** Bodies a client could send: superjson specials in wrong places, then bodies no client of ours sends. */
function bodies(sample: unknown): { kind: string; body: string }[] {
  const out: { kind: string; body: string }[] = [];
  const encode = (input: unknown) => JSON.stringify(superjson.serialize(input));
  for (const [kind, make] of SPECIALS) out.push({ kind: `${kind} as the whole input`, body: encode(make()) });
  for (const path of leafPaths(sample, 2)) {
    for (const [kind, make] of SPECIALS.slice(0, 6)) out.push({ kind: `${kind} at ${path.join('.')}`, body: encode(setAt(sample, path, make(), true)) });
  }
  const serialized = superjson.serialize(sample);
  const first = leafPaths(sample, 1)[0]?.join('.') ?? 'x';
  const withMeta = (values: unknown) => JSON.stringify({ json: serialized.json, meta: { values } });
  out.push(
    { kind: 'not JSON', body: 'not json' },
    { kind: 'truncated JSON', body: '{"json":' },
    { kind: 'no json key', body: '{"meta":{}}' },
    { kind: 'BigInt meta over a non-number', body: withMeta({ [first]: ['bigint'] }) },
    { kind: 'Date meta over a non-date', body: withMeta({ [first]: ['Date'] }) },
    { kind: 'meta for a missing path', body: withMeta({ 'no.such.path': ['Date'] }) },
    { kind: 'unknown meta type', body: withMeta({ [first]: ['custom', 'Nope'] }) },
    { kind: 'class meta', body: withMeta({ [first]: ['class', 'Nope'] }) },
    { kind: 'prototype path in meta', body: withMeta({ '__proto__.polluted': ['Date'] }) },
    { kind: 'referential equality garbage', body: JSON.stringify({ json: serialized.json, meta: { referentialEqualities: { [first]: ['no.such.path'] } } }) },
  );
  return out;
}

/**
 * The procedure called the way the console's client calls it: a request to the tRPC fetch
 * adapter with the app router in-process, superjson bodies (GET `?input=` for queries).
 */
export async function probeOverHttp(
  w: World,
  path: string,
  type: 'query' | 'mutation',
  email: string | null,
  sample: unknown,
  writes: WriteLog,
): Promise<{ calls: number; failures: string[] }> {
  const failures: string[] = [];
  const auth = email ? await w.auth(email) : null;
  let calls = 0;
  let before = await writes.mark();
  const start = before;
  for (const { kind, body } of bodies(sample)) {
    calls++;
    takeLogged();
    const url = new URL(`http://console.test/api/trpc/${path}`);
    if (type === 'query') url.searchParams.set('input', body);
    const req = new Request(url, {
      method: type === 'query' ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: type === 'mutation' ? body : undefined,
    });
    const response = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req,
      router: appRouter,
      createContext: () => testContext(w.db, auth, undefined, w.jobs, w.nextIp()),
    });
    const text = await response.text();
    if (response.status >= 500) failures.push(`500 ${path} over HTTP [${kind}]: HTTP ${response.status} ${causeLabel(takeLogged() ?? text)}`);
    if (type === 'mutation') {
      const changed = await writes.since(before);
      if (changed.length > 0) {
        if (response.status >= 400) failures.push(`${path} over HTTP [${kind}] was refused (HTTP ${response.status}) but changed ${changed.join(', ')}`);
        before = await writes.mark();
      }
    }
  }
  if (type === 'query') {
    const changed = await writes.since(start);
    if (changed.length > 0) failures.push(`${path} over HTTP: a query changed ${changed.join(', ')}`);
  }
  return { calls, failures };
}
