import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import type { TestDb } from '@keyway/db/testing';
import { createSeededDb } from '@keyway/core/testing';
import { appRouter } from './root.ts';
import { callerFor, signedInAs } from './testing/callers.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createSeededDb();
});
afterAll(() => t.drop());

type Callable = (input?: unknown) => Promise<unknown>;

function procedureAt(caller: object, path: string): Callable {
  return path.split('.').reduce<any>((node, key) => node[key], caller) as Callable;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return error instanceof TRPCError ? error.code : 'NOT_A_TRPC_ERROR';
  }
}

describe('every procedure of the app router', () => {
  const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, never>) as unknown as [string, { _def: { meta?: { public?: boolean } } }][];

  it('has procedures to check', () => {
    expect(procedures.map(([path]) => path)).toEqual(
      expect.arrayContaining(['auth.signIn', 'auth.me', 'search.companies', 'dashboard.summary']),
    );
  });

  it('is either marked public or refuses callers who are not signed in', async () => {
    const anonymous = callerFor(t.db, null);
    for (const [path, procedure] of procedures) {
      if (procedure._def.meta?.public) continue;
      expect({ path, code: await codeOf(procedureAt(anonymous, path)()) }).toEqual({
        path,
        code: 'UNAUTHORIZED',
      });
    }
  });

  it('declares a permission: a signed-in user holding none is refused before input is read', async () => {
    const me = await signedInAs(t.db, 'admin@northwind-distribution.example');
    const powerless = callerFor(t.db, { ...me, permissions: [] });
    for (const [path, procedure] of procedures) {
      if (procedure._def.meta?.public) continue;
      expect({ path, code: await codeOf(procedureAt(powerless, path)()) }).toEqual({
        path,
        code: 'FORBIDDEN',
      });
    }
  });

  it('public ones are only those meant for signed-out visitors', () => {
    const publicPaths = procedures.filter(([, p]) => p._def.meta?.public).map(([path]) => path);
    expect(publicPaths).toEqual(['auth.signIn', 'auth.requestPasswordReset', 'auth.resetPassword']);
  });
});
