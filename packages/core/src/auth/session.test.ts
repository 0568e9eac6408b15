import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { companies, sessions, users } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { createSeededDb } from '../testing/index.ts';
import {
  createSession,
  deleteExpiredSessions,
  invalidateUserSessions,
  validateSessionToken,
} from './session.ts';

let t: TestDb;
let userId: string;
beforeAll(async () => {
  t = await createSeededDb();
  const [u] = await t.db.select().from(users).where(eq(users.email, 'admin@bluefin-it.example'));
  userId = u!.id;
});
afterAll(() => t.drop());

describe('sessions', () => {
  it('store only the SHA-256 of a 256-bit secret', async () => {
    const { token, id } = await createSession(t.db, userId);
    const [, secret] = token.split('.');
    expect(secret).toHaveLength(52); // 32 bytes in base32
    const [row] = await t.db.select().from(sessions).where(eq(sessions.id, id));
    expect(row!.secretHash).toHaveLength(32);
    expect(Buffer.from(row!.secretHash).toString('utf8')).not.toContain(secret!);
  });

  it('refuse a wrong secret for a real id, and malformed tokens', async () => {
    const { token } = await createSession(t.db, userId);
    const [id, secret] = token.split('.') as [string, string];
    const forged = `${id}.${secret.slice(0, -1)}${secret.endsWith('a') ? 'b' : 'a'}`;
    expect(await validateSessionToken(t.db, forged)).toBeNull();
    expect(await validateSessionToken(t.db, 'garbage')).toBeNull();
    expect(await validateSessionToken(t.db, `${id}.`)).toBeNull();
    expect(await validateSessionToken(t.db, token)).not.toBeNull();
  });

  it('end after 10 days without use and 30 days after sign-in', async () => {
    const idle = await createSession(t.db, userId);
    await t.db.execute(sql`update sessions set last_active_at = now() - interval '10 days 1 minute' where id = ${idle.id}`);
    expect(await validateSessionToken(t.db, idle.token)).toBeNull();

    const old = await createSession(t.db, userId);
    await t.db.execute(
      sql`update sessions set created_at = now() - interval '30 days 1 minute', last_active_at = now() - interval '1 day' where id = ${old.id}`,
    );
    expect(await validateSessionToken(t.db, old.token)).toBeNull();
  });

  it('move the inactivity deadline forward when used, capped by the absolute lifetime', async () => {
    const s = await createSession(t.db, userId);
    await t.db.execute(
      sql`update sessions set created_at = now() - interval '25 days', last_active_at = now() - interval '2 days' where id = ${s.id}`,
    );
    const me = await validateSessionToken(t.db, s.token);
    expect(me?.refreshed).toBe(true);
    const days = (me!.session.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(4.9);
    expect(days).toBeLessThan(5.1);
  });

  it('all end when the user is disabled or the company canceled', async () => {
    const s = await createSession(t.db, userId);
    await t.db.update(users).set({ status: 'disabled' }).where(eq(users.id, userId));
    expect(await validateSessionToken(t.db, s.token)).toBeNull();
    await t.db.update(users).set({ status: 'active' }).where(eq(users.id, userId));

    const s2 = await createSession(t.db, userId);
    await t.db.update(companies).set({ status: 'canceled' }).where(eq(companies.accountName, 'bluefin-it'));
    expect(await validateSessionToken(t.db, s2.token)).toBeNull();
    await t.db.update(companies).set({ status: 'active' }).where(eq(companies.accountName, 'bluefin-it'));
  });

  it('can all be ended at once for a user', async () => {
    const a = await createSession(t.db, userId);
    const b = await createSession(t.db, userId);
    await invalidateUserSessions(t.db, userId);
    expect(await validateSessionToken(t.db, a.token)).toBeNull();
    expect(await validateSessionToken(t.db, b.token)).toBeNull();
  });

  it('past their lifetime are deleted by the cleanup', async () => {
    const keep = await createSession(t.db, userId);
    const gone = await createSession(t.db, userId);
    await t.db.execute(sql`update sessions set last_active_at = now() - interval '11 days' where id = ${gone.id}`);
    expect(await deleteExpiredSessions(t.db)).toBeGreaterThanOrEqual(1);
    const ids = (await t.db.select({ id: sessions.id }).from(sessions)).map((r) => r.id);
    expect(ids).toContain(keep.id);
    expect(ids).not.toContain(gone.id);
  });
});
