import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '@keyway/api';
import { generateKeyCode } from '@keyway/core/registration-keys';
import { callProcedure, captureServerLogs, causeLabel, type Outcome } from './calls.ts';
import { installWriteLog, type WriteLog } from './write-log.ts';
import { hostileVariants, setAt, type Variant } from './hostile.ts';
import { probeOverHttp } from './http.ts';
import { PROBE_REGISTRY, type ProbeEntry } from './registry.ts';
import { sampled } from './sample.ts';
import { TIER_ADMINS, World, type IdKind } from './world.ts';

/**
 * The api seen from outside, for every procedure of the router: hostile inputs never answer 500
 * and a refused call changes nothing; ids of another channel, a sibling partner or a sibling
 * customer are answered as ids that exist nowhere (NOT_FOUND) and change nothing. Procedures are read from the router, so a new one is probed (or this
 * fails for want of its probe data) without anyone remembering to add it.
 */

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>).map(
  ([path, p]) => ({ path, type: p._def.type as 'query' | 'mutation' }),
);

/** Hostile inputs per procedure; beyond it a fixed-seed sample, the same on every run. */
const MAX_VARIANTS = 80;
/** Inputs known to reach the database unchecked somewhere: sent at every field, never sampled away. */
const ALWAYS = (v: Variant) => /^(NUL|lone surrogate|nothing to change|empty object|date|cursor)/.test(v.kind);

let w: World;
let writes: WriteLog;
let restoreLogs: () => void;
const stats = { calls: 0, serverErrors: 0, leaks: 0 };

beforeAll(async () => {
  w = await World.build();
  writes = await installWriteLog(w.db);
  restoreLogs = captureServerLogs();
});
afterAll(async () => {
  restoreLogs?.();
  console.log(
    `probe: ${procedures.length} procedures, ${stats.calls.toLocaleString('en-US')} calls, ${stats.serverErrors} × 500, ${stats.leaks} leaks`,
  );
  await w?.close();
});

async function call(email: string | null, path: string, input: unknown): Promise<Outcome> {
  stats.calls++;
  const outcome = await callProcedure(await w.caller(email), path, input);
  if (outcome.code === 'INTERNAL_SERVER_ERROR') stats.serverErrors++;
  return outcome;
}

function entryOf(path: string): ProbeEntry {
  const entry = PROBE_REGISTRY[path];
  if (!entry) throw new Error(`no probe data for ${path}: add it to packages/probe/src/registry.ts`);
  return entry;
}

/** Fails with every finding listed, 500s grouped by procedure and cause with the inputs that caused them. */
function report(failures: string[], serverErrors: Map<string, Set<string>>) {
  const lines = [...failures];
  for (const [where, inputs] of serverErrors) {
    const list = [...inputs];
    lines.push(`500 ${where} ← ${list.slice(0, 6).join('; ')}${list.length > 6 ? ` and ${list.length - 6} more` : ''}`);
  }
  if (lines.length > 0) throw new Error(`${lines.length} findings:\n${lines.sort().join('\n')}`);
}

/** An id of each kind that exists nowhere: what a foreign id must be indistinguishable from. */
function unknownId(kind: IdKind): string | number {
  if (kind === 'key') return 2 ** 31 - 1;
  if (kind === 'keyCode') return generateKeyCode('CE');
  if (kind === 'session') return 'no-such-session';
  return '6f1c1b9e-1f0a-4c4e-9b8a-2d3c4e5f6a7b';
}

/** What the caller learns from an answer, with the id it was asked about blanked. */
function answer(outcome: Outcome, id: string | number): string {
  const text = JSON.stringify({ code: outcome.code, message: outcome.message, result: outcome.result }) ?? '';
  return text.replaceAll(String(id), '<id>');
}

describe('the probe', () => {
  it('has probe data for every procedure of the router', () => {
    const missing = procedures.filter(({ path }) => !PROBE_REGISTRY[path]).map(({ path }) => `no probe data for ${path}: add it to packages/probe/src/registry.ts`);
    const stale = Object.keys(PROBE_REGISTRY).filter((path) => !procedures.some((p) => p.path === path));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it('answers ids of another channel, a sibling partner and a sibling customer as ids that exist nowhere (NOT_FOUND), changing nothing', async () => {
    const failures: string[] = [];
    for (const { path } of procedures) {
      const entry = entryOf(path);
      if (!entry.ids) continue;
      let probedBy = 0;
      for (const email of TIER_ADMINS) {
        // Privilege comes before input: a caller without it is refused whatever the ids, so only
        // callers holding the procedure's privilege can show whether the ids are scoped.
        if ((await call(email, path, undefined)).code === 'FORBIDDEN') continue;
        let sample: unknown;
        try {
          sample = entry.sample(w, email);
        } catch (error) {
          failures.push(`no probe data for ${path} as ${email}: ${(error as Error).message}`);
          continue;
        }
        probedBy++;
        const before = await writes.mark();
        for (const [field, kind] of Object.entries(entry.ids)) {
          const foreign = w.foreign(email, kind);
          if (foreign.length === 0) failures.push(`no foreign ${kind} for ${path} ${field} as ${email}: the world needs one`);
          // A foreign id must tell the caller nothing: the same answer as an id that exists nowhere
          // (NOT_FOUND for a single object; an empty list for a filter; "skipped" in a bulk action).
          const unknown = unknownId(kind);
          const expected = await call(email, path, setAt(sample, field.split('.'), unknown));
          for (const { relation, object } of foreign) {
            const outcome = await call(email, path, setAt(sample, field.split('.'), object.id));
            if (answer(outcome, object.id) === answer(expected, unknown) && (outcome.code !== 'OK' || expected.code === 'OK')) continue;
            const what = `${path} as ${email} with ${field} = ${relation}'s ${kind} (${object.name})`;
            if (outcome.code === 'OK') {
              stats.leaks++;
              failures.push(`LEAK ${what}: answered OK where an unknown id answers ${expected.code}`);
            } else {
              failures.push(`${what}: ${outcome.code} "${outcome.cause ?? outcome.message}" where an unknown id answers ${expected.code} "${expected.cause ?? expected.message}"`);
            }
          }
        }
        const changed = await writes.since(before);
        if (changed.length > 0) failures.push(`${path} as ${email}: foreign ids changed ${changed.join(', ')}`);
      }
      if (probedBy === 0) failures.push(`${path} takes ids but none of ${TIER_ADMINS.join(', ')} holds its privilege: probe it with another caller`);
    }
    report(failures, new Map());
  });

  it('never answers 500 to hostile input, and a refused call changes nothing', async () => {
    const failures: string[] = [];
    const serverErrors = new Map<string, Set<string>>();
    const ordered = [...procedures].sort((a, b) => Number(!!PROBE_REGISTRY[a.path]?.last) - Number(!!PROBE_REGISTRY[b.path]?.last));
    for (const { path, type } of ordered) {
      const entry = entryOf(path);
      let sample = entry.sample(w, entry.as ?? '');
      // Lists: probe page two with the cursor the list itself handed out.
      if (sample && typeof sample === 'object' && 'limit' in sample) {
        const first = await call(entry.as, path, sample);
        if (first.code === 'INTERNAL_SERVER_ERROR') failures.push(`500 ${path} [first page]: ${causeLabel(first.cause)}`);
        let next = (first.result as { nextCursor?: unknown } | undefined)?.nextCursor;
        if ((next === undefined || next === null) && 'filters' in sample) {
          // The sample's filters leave one page: take a cursor from the list unfiltered.
          const unfiltered = await call(entry.as, path, { ...sample, filters: undefined });
          next = (unfiltered.result as { nextCursor?: unknown } | undefined)?.nextCursor;
        }
        if (next !== undefined && next !== null) sample = { ...sample, cursor: next };
      }
      const calls: Variant[] = [{ kind: 'valid sample', path: '', input: sample }, ...sampled(hostileVariants(sample), MAX_VARIANTS, path, ALWAYS)];
      let before = await writes.mark();
      const start = before;
      for (const variant of calls) {
        const outcome = await call(entry.as, path, variant.input);
        const where = `${path} [${variant.kind}${variant.path ? ` at ${variant.path}` : ''}]`;
        if (outcome.code === 'INTERNAL_SERVER_ERROR') {
          const key = `${path}: ${causeLabel(outcome.cause)}`;
          if (!serverErrors.has(key)) serverErrors.set(key, new Set());
          serverErrors.get(key)!.add(`${variant.kind}${variant.path ? ` at ${variant.path}` : ''}`);
        }
        if (variant.kind === 'valid sample' && outcome.invalidInput) {
          failures.push(`the probe data for ${path} is not valid input (${outcome.message}): fix it in packages/probe/src/registry.ts`);
        }
        if (type === 'mutation') {
          const changed = await writes.since(before);
          if (changed.length > 0) {
            if (outcome.code !== 'OK') failures.push(`${where} was refused (${outcome.code}) but changed ${changed.join(', ')}`);
            before = await writes.mark();
          }
        }
      }
      if (type === 'query') {
        const changed = await writes.since(start);
        if (changed.length > 0) failures.push(`${path}: a query changed ${changed.join(', ')}`);
      }
    }
    report(failures, serverErrors);
  });

  it('never answers 500 over HTTP to superjson specials and malformed bodies, and a refused call changes nothing', async () => {
    const failures: string[] = [];
    for (const { path, type } of procedures) {
      const entry = entryOf(path);
      const result = await probeOverHttp(w, path, type, entry.as, entry.sample(w, entry.as ?? ''), writes);
      stats.calls += result.calls;
      stats.serverErrors += result.failures.filter((f) => f.startsWith('500')).length;
      failures.push(...result.failures);
    }
    report(failures, new Map());
  });
});
