import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { auditLog, sessions, users } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { signIn } from '@keyway/core/account';
import { validateSessionToken } from '@keyway/core/auth';
import { createSeededDb, DEMO_PASSWORD } from '@keyway/core/testing';
import { callerAs, callerFor, type CookieJar } from '../testing/callers.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createSeededDb();
});
afterAll(() => t.drop());

const as = (email: string) => callerAs(t.db, email);
const anonymous = () => callerFor(t.db, null);

/** Signs in for real (a session row with its IP and browser), and calls the API with that session. */
async function session(email: string, password = DEMO_PASSWORD, userAgent = 'Vitest Browser') {
  const { token } = await signIn(t.db, { email, password }, { ip: '203.0.113.9', userAgent });
  const auth = await validateSessionToken(t.db, token);
  if (!auth) throw new Error('the new session did not validate');
  const jar: CookieJar = { token };
  return { token, id: auth.session.id, jar, api: callerFor(t.db, auth, jar) };
}

const userByEmail = async (email: string) => {
  const [user] = await t.db.select().from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  if (!user) throw new Error(`no user ${email}`);
  return user;
};

describe('account.get', () => {
  it('shows every signed-in person their own account, whatever their role or tier', async () => {
    for (const [email, role] of [
      ['billing-manager@northwind-distribution.example', 'Billing Manager'],
      ['admin@pinecrest-medical.example', 'Administrator'],
      ['support-engineer@keyway.example', 'Support Engineer'],
      ['customer-account-manager@harbor-resellers.example', 'Customer Account Manager'],
    ] as const) {
      expect(await (await as(email)).account.get()).toMatchObject({ email, roleLabel: role });
    }
    expect(await (await as('admin@orca-marine.example')).account.get()).toMatchObject({
      companyName: 'Orca Marine Supply',
      timeZone: 'America/Los_Angeles',
      language: 'en',
    });
  });
});

describe('account.update', () => {
  it('saves name, phone, email, language and time zone, and records the change', async () => {
    const me = await userByEmail('license-manager@northwind-distribution.example');
    const api = await as(me.email);
    const saved = await api.account.update({
      name: 'Lars Lindqvist',
      phone: '+1 206 555 0117',
      email: 'lars@northwind-distribution.example',
      currentPassword: DEMO_PASSWORD,
      language: 'de',
      timeZone: 'Europe/Stockholm',
    });
    expect(saved).toMatchObject({ name: 'Lars Lindqvist', phone: '+1 206 555 0117', email: 'lars@northwind-distribution.example', language: 'de', timeZone: 'Europe/Stockholm' });
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'account.update-own'), eq(auditLog.targetId, me.id)));
    expect(audit).toMatchObject({
      actorUserId: me.id,
      before: { name: me.name, email: me.email, phone: null, language: 'en', timeZone: 'America/Los_Angeles' },
      after: { name: 'Lars Lindqvist', email: 'lars@northwind-distribution.example' },
    });
    // The new email signs in.
    await expect(anonymous().auth.signIn({ email: 'lars@northwind-distribution.example', password: DEMO_PASSWORD })).resolves.toEqual({ redirectTo: '/dashboard' });
    // Sending only the phone, empty, clears it and leaves the rest.
    expect(await api.account.update({ phone: '' })).toMatchObject({ phone: null, name: 'Lars Lindqvist' });
  });

  it('refuses an email another account uses, whatever its case', async () => {
    const api = await as('billing-manager@bluefin-it.example');
    await expect(api.account.update({ email: 'Admin@Northwind-Distribution.example', currentPassword: DEMO_PASSWORD })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'The email Admin@Northwind-Distribution.example is already used by another account.',
    });
    expect((await userByEmail('billing-manager@bluefin-it.example')).email).toBe('billing-manager@bluefin-it.example');
  });

  it('asks for the current password before changing the email, where password resets go', async () => {
    const api = await as('support-engineer@bluefin-it.example');
    for (const currentPassword of [undefined, 'not-my-password']) {
      await expect(api.account.update({ email: 'taken-over@attacker.example', currentPassword })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: 'Enter your current password to change your email address.',
      });
    }
    expect((await userByEmail('support-engineer@bluefin-it.example')).email).toBe('support-engineer@bluefin-it.example');
    // Other fields need no password.
    await expect(api.account.update({ phone: '+43 1 555 0100' })).resolves.toMatchObject({ phone: '+43 1 555 0100' });
  });

  it('says which field is wrong and why', async () => {
    const api = await as('billing-manager@bluefin-it.example');
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '' }, 'name: Enter your name.'],
      [{ name: 'n'.repeat(121) }, 'name: Keep your name to 120 characters.'],
      [{ email: 'not-an-address' }, 'email: Enter a valid email address.'],
      [{ phone: '1'.repeat(41) }, 'phone: Keep the phone number to 40 characters.'],
      [{ timeZone: 'Europe/Atlantis' }, 'timeZone: Choose a time zone from the list, e.g. Europe/Berlin.'],
      [{ language: 'xx' }, 'language: Choose a language: en, de, fr, es, it, ja.'],
    ];
    for (const [input, message] of cases) {
      await expect(api.account.update(input)).rejects.toMatchObject({ code: 'BAD_REQUEST', message });
    }
  });
});

describe('account.changePassword', () => {
  it('needs the current password and the password rules', async () => {
    const { api } = await session('support-manager@bluefin-it.example');
    await expect(api.account.changePassword({ currentPassword: 'wrong-password', newPassword: 'a-new-long-secret' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Your current password is not correct.',
    });
    await expect(api.account.changePassword({ currentPassword: DEMO_PASSWORD, newPassword: 'short' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'newPassword: Use at least 10 characters.',
    });
    await expect(api.account.changePassword({ currentPassword: '', newPassword: 'a-new-long-secret' })).rejects.toMatchObject({
      message: 'currentPassword: Enter your current password.',
    });
    await expect(api.account.changePassword({ currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD })).rejects.toMatchObject({
      message: 'Choose a new password that differs from the current one.',
    });
    await expect(anonymous().auth.signIn({ email: 'support-manager@bluefin-it.example', password: DEMO_PASSWORD })).resolves.toBeDefined();
  });

  it('changes it, ends the person’s other sessions and keeps the current one', async () => {
    const email = 'support-engineer@bluefin-it.example';
    const laptop = await session(email, DEMO_PASSWORD, 'Laptop');
    const phone = await session(email, DEMO_PASSWORD, 'Phone');
    const someoneElse = await session('admin@bluefin-it.example');

    expect(await laptop.api.account.changePassword({ currentPassword: DEMO_PASSWORD, newPassword: 'tide-pool-2026' })).toEqual({
      changed: true,
      otherSessionsEnded: 1,
    });
    expect(await validateSessionToken(t.db, laptop.token)).not.toBeNull();
    expect(await validateSessionToken(t.db, phone.token)).toBeNull();
    expect(await validateSessionToken(t.db, someoneElse.token)).not.toBeNull();

    await expect(anonymous().auth.signIn({ email, password: DEMO_PASSWORD })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(anonymous().auth.signIn({ email, password: 'tide-pool-2026' })).resolves.toEqual({ redirectTo: '/dashboard' });
    const me = await userByEmail(email);
    expect(await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'account.change-password'), eq(auditLog.targetId, me.id)))).toHaveLength(1);
  });

  it('stops guessing after ten wrong current passwords', async () => {
    const { api } = await session('customer-account-manager@bluefin-it.example');
    for (let attempt = 0; attempt < 10; attempt++) {
      await expect(api.account.changePassword({ currentPassword: `guess-${attempt}`, newPassword: 'a-new-long-secret' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    await expect(api.account.changePassword({ currentPassword: DEMO_PASSWORD, newPassword: 'a-new-long-secret' })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(/^Too many attempts\. Try again in \d+ seconds\.$/),
    });
  });
});

describe('account.sessions', () => {
  it('lists the person’s own sessions with when, where and which browser, marking the current one', async () => {
    const email = 'billing-manager@harbor-resellers.example';
    const office = await session(email, DEMO_PASSWORD, 'Office Firefox');
    const home = await session(email, DEMO_PASSWORD, 'Home Safari');
    await session('admin@harbor-resellers.example');

    const { items } = await home.api.account.sessions.list();
    expect(items).toHaveLength(2);
    expect(items.find((s) => s.id === home.id)).toMatchObject({ current: true, userAgent: 'Home Safari', ip: '203.0.113.9' });
    expect(items.find((s) => s.id === office.id)).toMatchObject({ current: false, userAgent: 'Office Firefox' });
    for (const item of items) {
      expect(item.createdAt).toBeInstanceOf(Date);
      expect(item.lastActiveAt).toBeInstanceOf(Date);
      expect(item.expiresAt.getTime()).toBeGreaterThan(Date.now());
    }
  });

  it('ends one of the person’s own sessions; another person’s session is not found and survives', async () => {
    const email = 'license-manager@harbor-resellers.example';
    const office = await session(email, DEMO_PASSWORD, 'Office');
    const home = await session(email, DEMO_PASSWORD, 'Home');
    const colleague = await session('support-manager@harbor-resellers.example');

    expect(await home.api.account.sessions.revoke({ id: office.id })).toEqual({ ended: true, current: false });
    expect(await validateSessionToken(t.db, office.token)).toBeNull();
    expect(home.jar.token).toBe(home.token);

    await expect(home.api.account.sessions.revoke({ id: colleague.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'This session was not found.',
    });
    expect(await validateSessionToken(t.db, colleague.token)).not.toBeNull();
    await expect(home.api.account.sessions.revoke({ id: office.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const me = await userByEmail(email);
    expect(await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'account.end-session'), eq(auditLog.targetId, office.id)))).toMatchObject([
      { actorUserId: me.id },
    ]);

    // Ending the current session signs out: the cookie goes too.
    expect(await home.api.account.sessions.revoke({ id: home.id })).toEqual({ ended: true, current: true });
    expect(home.jar.token).toBeNull();
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, me.id))).toHaveLength(0);
  });
});
