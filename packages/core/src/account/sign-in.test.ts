import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { auditLog, companies, sessions, users } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { createSeededDb, DEMO_PASSWORD } from '../testing/index.ts';
import { DomainError } from '../errors.ts';
import { signIn, signOut } from './sign-in.ts';
import { validateSessionToken } from '../auth/index.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createSeededDb();
});
afterAll(() => t.drop());

const meta = (ip: string) => ({ ip, userAgent: 'vitest' });

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('sign-in', () => {
  it('starts a new session on every sign-in and records it in the audit log', async () => {
    const email = 'admin@northwind-distribution.example';
    const a = await signIn(t.db, { email, password: DEMO_PASSWORD }, meta('10.0.0.1'));
    const b = await signIn(t.db, { email: email.toUpperCase(), password: DEMO_PASSWORD }, meta('10.0.0.1'));
    expect(a.token).not.toEqual(b.token);
    const me = await validateSessionToken(t.db, a.token);
    expect(me?.user.email).toBe(email);
    expect(me?.tier).toBe('tier1');
    expect(me?.permissions).toContain('partners.create');
    const audits = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'auth.sign-in'));
    expect(audits.filter((r) => r.actorUserId === me?.user.id)).toHaveLength(2);
  });

  it('answers a wrong password and an unknown email with the same message', async () => {
    const wrong = await refusal(
      signIn(t.db, { email: 'admin@bluefin-it.example', password: 'nope' }, meta('10.0.0.2')),
    );
    const unknown = await refusal(
      signIn(t.db, { email: 'nobody@bluefin-it.example', password: 'nope' }, meta('10.0.0.2')),
    );
    expect(wrong.code).toBe('UNAUTHORIZED');
    expect(wrong.message).toBe('Email or password is wrong.');
    expect(unknown.message).toBe(wrong.message);
  });

  it('refuses the 11th attempt within a minute even with the right password', async () => {
    const email = 'license-manager@bluefin-it.example';
    for (let i = 0; i < 10; i++) {
      const e = await refusal(signIn(t.db, { email, password: `wrong-${i}` }, meta('10.0.0.3')));
      expect(e.code).toBe('UNAUTHORIZED');
    }
    const limited = await refusal(signIn(t.db, { email, password: DEMO_PASSWORD }, meta('10.0.0.3')));
    expect(limited.code).toBe('TOO_MANY_REQUESTS');
    expect(limited.message).toMatch(/Try again in \d+ seconds/);
    expect(limited.details?.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.details?.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('limits by IP address across different emails', async () => {
    const ip = '10.0.0.4';
    await t.db.execute(sql`insert into rate_limits (key, window_start, count) values (${`sign-in:ip:${ip}`}, now(), 100)`);
    const limited = await refusal(
      signIn(t.db, { email: 'admin@harbor-resellers.example', password: DEMO_PASSWORD }, meta(ip)),
    );
    expect(limited.code).toBe('TOO_MANY_REQUESTS');
  });

  it('lets the window pass and counts afresh', async () => {
    const email = 'support-manager@bluefin-it.example';
    await t.db.execute(
      sql`insert into rate_limits (key, window_start, count) values (${`sign-in:email:${email}`}, now() - interval '61 seconds', 10)`,
    );
    const ok = await signIn(t.db, { email, password: DEMO_PASSWORD }, meta('10.0.0.5'));
    expect(ok.token).toContain('.');
  });

  it('refuses disabled users and users of canceled companies', async () => {
    const email = 'support-engineer@bluefin-it.example';
    await t.db.update(users).set({ status: 'disabled' }).where(eq(users.email, email));
    const disabled = await refusal(signIn(t.db, { email, password: DEMO_PASSWORD }, meta('10.0.0.6')));
    expect(disabled.message).toMatch(/disabled/);

    await t.db.update(companies).set({ status: 'canceled' }).where(eq(companies.accountName, 'redwood-reseller'));
    const canceled = await refusal(
      signIn(t.db, { email: 'admin@redwood-reseller.example', password: DEMO_PASSWORD }, meta('10.0.0.6')),
    );
    expect(canceled.message).toMatch(/canceled/);
  });

  it('signs out by deleting the session row', async () => {
    const { token } = await signIn(
      t.db,
      { email: 'billing-manager@northwind-distribution.example', password: DEMO_PASSWORD },
      meta('10.0.0.7'),
    );
    const me = await validateSessionToken(t.db, token);
    expect(me).not.toBeNull();
    await signOut(t.db, { sessionId: me!.session.id, userId: me!.user.id, company: me!.company }, '10.0.0.7');
    expect(await t.db.select().from(sessions).where(eq(sessions.id, me!.session.id))).toHaveLength(0);
    expect(await validateSessionToken(t.db, token)).toBeNull();
  });
});
