import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDb } from '@keyway/db/testing';
import { validateSessionToken } from '@keyway/core/auth';
import { createSeededDb, DEMO_PASSWORD } from '@keyway/core/testing';
import { callerFor, type CookieJar } from '../testing/callers.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createSeededDb();
});
afterAll(() => t.drop());

describe('auth router', () => {
  it('signs in, tells who is signed in, and signs out', async () => {
    const jar: CookieJar = { token: null };
    const anonymous = callerFor(t.db, null, jar);
    const result = await anonymous.auth.signIn({ email: 'admin@harbor-resellers.example', password: DEMO_PASSWORD });
    expect(result).toEqual({ redirectTo: '/dashboard' });
    expect(jar.token).toMatch(/^[a-z2-7]{26}\.[a-z2-7]{52}$/);

    const auth = await validateSessionToken(t.db, jar.token!);
    const api = callerFor(t.db, auth, jar);
    const me = await api.auth.me();
    expect(me).toMatchObject({
      user: { email: 'admin@harbor-resellers.example', role: 'admin' },
      company: { name: 'Harbor Resellers', type: 'reseller' },
      tier: 'reseller',
      roleLabel: 'Administrator',
    });
    expect(me.permissions).toContain('customers.create');
    expect(me.permissions).not.toContain('customers.modify');
    expect(me.navigation.flatMap((g) => g.items.map((i) => i.label))).not.toContain('License Pool');

    const token = jar.token!;
    await api.auth.signOut();
    expect(jar.token).toBeNull();
    expect(await validateSessionToken(t.db, token)).toBeNull();
  });

  it('sends customer users to their portal', async () => {
    const api = callerFor(t.db, null);
    expect(await api.auth.signIn({ email: 'admin@acme-dental.example', password: DEMO_PASSWORD })).toEqual({
      redirectTo: '/portal',
    });
  });

  it('rejects a malformed email before checking anything', async () => {
    const api = callerFor(t.db, null);
    await expect(api.auth.signIn({ email: 'not-an-email', password: 'x' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'email: Enter a valid email address.',
    });
  });

  it('answers a wrong password with 401 and the generic message', async () => {
    const api = callerFor(t.db, null);
    await expect(
      api.auth.signIn({ email: 'admin@harbor-resellers.example', password: 'wrong' }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'Email or password is wrong.' });
  });
});
