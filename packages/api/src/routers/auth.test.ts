import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
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

describe('sign-in limits and device cookies', () => {
  const TOO_MANY = { code: 'TOO_MANY_REQUESTS', message: expect.stringMatching(/^Too many sign-in attempts\. Try again in \d+ seconds\.$/) };

  /** Lets every rate-limit window of the earlier attempts pass. */
  const aMinuteLater = () => t.db.execute(sql`update rate_limits set window_start = window_start - interval '61 seconds'`);

  /** Ten wrong passwords for the address from a browser that never signed in to it. */
  async function attackerGuesses(email: string) {
    const attacker = callerFor(t.db, null, { token: null });
    for (let i = 0; i < 10; i++) {
      await expect(attacker.auth.signIn({ email, password: `guess-${i}` })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    }
    return attacker;
  }

  it('lets the owner in from a browser it signed in from before, while guesses lock out everyone else', async () => {
    const email = 'support-manager@bluefin-it.example';
    const owner: CookieJar = { token: null };
    await callerFor(t.db, null, owner).auth.signIn({ email, password: DEMO_PASSWORD });
    expect(owner.device).toMatch(/^[a-z2-7]{26}\.[a-z2-7]{52}$/);
    await aMinuteLater();

    const attacker = await attackerGuesses(email);
    // Without a device cookie the address stays locked, even with the right password.
    await expect(attacker.auth.signIn({ email, password: DEMO_PASSWORD })).rejects.toMatchObject(TOO_MANY);
    await expect(callerFor(t.db, null).auth.signIn({ email, password: DEMO_PASSWORD })).rejects.toMatchObject(TOO_MANY);

    owner.token = null;
    await expect(callerFor(t.db, null, owner).auth.signIn({ email, password: DEMO_PASSWORD })).resolves.toEqual({ redirectTo: '/dashboard' });
    expect(await validateSessionToken(t.db, owner.token!)).toMatchObject({ user: { email } });
  });

  it('does not let a device cookie of another account past the lockout', async () => {
    const email = 'billing-manager@bluefin-it.example';
    const otherUsersBrowser: CookieJar = { token: null };
    await callerFor(t.db, null, otherUsersBrowser).auth.signIn({ email: 'customer-account-manager@bluefin-it.example', password: DEMO_PASSWORD });
    expect(otherUsersBrowser.device).toBeTruthy();
    await aMinuteLater();

    await attackerGuesses(email);
    await expect(callerFor(t.db, null, otherUsersBrowser).auth.signIn({ email, password: DEMO_PASSWORD })).rejects.toMatchObject(TOO_MANY);
    // Nor a made-up one.
    const forged: CookieJar = { token: null, device: `${'a'.repeat(26)}.${'b'.repeat(52)}` };
    await expect(callerFor(t.db, null, forged).auth.signIn({ email, password: DEMO_PASSWORD })).rejects.toMatchObject(TOO_MANY);
  });

  it('still limits wrong passwords from the owner’s device, per device', async () => {
    const email = 'license-manager@bluefin-it.example';
    const owner: CookieJar = { token: null };
    await callerFor(t.db, null, owner).auth.signIn({ email, password: DEMO_PASSWORD });
    await aMinuteLater();

    const fromDevice = callerFor(t.db, null, owner);
    for (let i = 0; i < 10; i++) {
      await expect(fromDevice.auth.signIn({ email, password: `guess-${i}` })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    }
    await expect(fromDevice.auth.signIn({ email, password: DEMO_PASSWORD })).rejects.toMatchObject(TOO_MANY);
    // Another browser is counted by address, which the device's attempts did not use up.
    await expect(callerFor(t.db, null).auth.signIn({ email, password: DEMO_PASSWORD })).resolves.toEqual({ redirectTo: '/dashboard' });
  });
});
