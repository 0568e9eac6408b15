import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { emailMessages, users } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { createJobQueue, type JobQueue } from '@keyway/core/jobs';
import { companyByAccount, createSeededDb } from '@keyway/core/testing';
import { callerFor, signedInAs } from '../testing/callers.ts';

let t: TestDb;
let jobs: JobQueue;
beforeAll(async () => {
  t = await createSeededDb();
  jobs = createJobQueue(t.url);
});
afterAll(async () => {
  await jobs.stop();
  await t.drop();
});

const as = async (email: string) => callerFor(t.db, await signedInAs(t.db, email), undefined, jobs);

describe('company.accounts.create', () => {
  it('creates the account in the caller’s own company and queues its "account created" mail', async () => {
    const api = await as('admin@bluefin-it.example');
    const created = await api.company.accounts.create({ name: 'Nora Quinn', email: 'nora@bluefin-it.example', role: 'license_manager' });
    expect(created).toMatchObject({ email: 'nora@bluefin-it.example', role: 'license_manager', welcomeMail: { status: 'queued' } });

    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const [user] = await t.db.select().from(users).where(eq(users.id, created.id));
    expect(user).toMatchObject({ companyId: bluefin.id, channelId: bluefin.channelId, partnerId: bluefin.id, passwordHash: null });

    const [mail] = await t.db.select().from(emailMessages).where(eq(emailMessages.id, created.welcomeMail!.id));
    expect(mail).toMatchObject({ event: 'account-created', recipientEmail: 'nora@bluefin-it.example', companyId: bluefin.id });
    expect(mail!.text).toContain('http://console.test/reset-password/');
    expect(mail!.text).toContain('Nora Quinn');
  });

  it('schedules the mail for a chosen date', async () => {
    const api = await as('admin@bluefin-it.example');
    const notifyAt = new Date(Date.now() + 3 * 86_400_000);
    const created = await api.company.accounts.create({ name: 'Later Person', email: 'later@bluefin-it.example', role: 'support_engineer', notifyAt });
    const [mail] = await t.db.select().from(emailMessages).where(eq(emailMessages.id, created.welcomeMail!.id));
    expect(mail!.status).toBe('scheduled');
    expect(mail!.scheduledFor.toISOString()).toBe(notifyAt.toISOString());
  });

  it('refuses a duplicate email, a role the tier does not have, and non-administrators', async () => {
    const admin = await as('admin@bluefin-it.example');
    await expect(
      admin.company.accounts.create({ name: 'Dup', email: 'ADMIN@northwind-distribution.example', role: 'admin' }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: 'An account with the email ADMIN@northwind-distribution.example already exists.' });
    await expect(
      admin.company.accounts.create({ name: 'PAM', email: 'pam@bluefin-it.example', role: 'partner_account_manager' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('cannot be created here') });
    const support = await as('support-manager@bluefin-it.example');
    await expect(
      support.company.accounts.create({ name: 'X', email: 'x@bluefin-it.example', role: 'admin' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const mails = await t.db.select().from(emailMessages).where(eq(emailMessages.recipientEmail, 'pam@bluefin-it.example'));
    expect(mails).toHaveLength(0);
  });
});
