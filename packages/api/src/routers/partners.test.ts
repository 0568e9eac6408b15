import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, companies, emailMessages, sessions, users } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { createSession, validateSessionToken } from '@keyway/core/auth';
import { createJobQueue, type JobQueue } from '@keyway/core/jobs';
import { companyByAccount, createSeededDb } from '@keyway/core/testing';
import { callerAs } from '../testing/callers.ts';

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

const as = (email: string) => callerAs(t.db, email, { jobs });

const profile = (accountName: string, name = 'Osprey Networks') => ({
  name,
  accountName,
  contactName: 'Olive Osprey',
  contactEmail: `contact@${accountName}.example`,
  phone: '+1 555 0199',
  address: '1 Harbor Way',
  city: 'Tacoma',
  state: 'WA',
  postalCode: '98402',
  country: 'US',
  timeZone: 'America/Los_Angeles',
  language: 'en' as const,
});

describe('partners.create', () => {
  it('creates an MSP with its first administrator, whose welcome mail is queued', async () => {
    const api = await as('admin@northwind-distribution.example');
    const created = await api.partners.create({
      profile: profile('osprey-networks'),
      type: 'msp',
      poolRefillAllowed: true,
      admin: { name: 'Olive Osprey', email: 'olive@osprey-networks.example' },
    });
    const northwind = await companyByAccount(t.db, 'northwind-distribution');
    const osprey = await companyByAccount(t.db, 'osprey-networks');
    expect(osprey).toMatchObject({ kind: 'tier2', type: 'msp', parentId: northwind.id, channelId: northwind.id, partnerId: osprey.id, status: 'active', poolRefillAllowed: true });
    const [admin] = await t.db.select().from(users).where(eq(users.id, created.admin.id));
    expect(admin).toMatchObject({ companyId: osprey.id, role: 'admin', partnerId: osprey.id });
    const [mail] = await t.db.select().from(emailMessages).where(eq(emailMessages.id, created.welcomeMail!.id));
    expect(mail).toMatchObject({ event: 'account-created', recipientEmail: 'olive@osprey-networks.example', status: 'queued' });
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'partner.create'), eq(auditLog.targetId, osprey.id)));
    expect(audit).toBeDefined();

    const listed = await api.partners.list({ filters: { query: 'osprey' } });
    expect(listed.items.map((p) => p.name)).toEqual(['Osprey Networks']);
  });

  it('refuses an account name taken in the channel, naming who has it', async () => {
    const api = await as('admin@northwind-distribution.example');
    await expect(
      api.partners.create({ profile: profile('acme-dental', 'Acme Again'), type: 'reseller', admin: { name: 'A', email: 'a@acme-again.example' } }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: 'The account name "acme-dental" is already used by Acme Dental Group in your channel. Choose another one.' });
    // The same name is free in another channel.
    const contoso = await as('admin@contoso-networks.example');
    await expect(
      contoso.partners.create({ profile: profile('acme-dental', 'Acme Austria'), type: 'reseller', admin: { name: 'A', email: 'a@acme-austria.example' } }),
    ).resolves.toMatchObject({ accountName: 'acme-dental' });
  });

  it('makes one partner and one clear refusal out of two concurrent creates of the same name', async () => {
    const api = await as('admin@northwind-distribution.example');
    const results = await Promise.allSettled(
      [1, 2, 3].map((i) =>
        api.partners.create({ profile: profile('race-partner', `Race ${i}`), type: 'reseller', admin: { name: `R${i}`, email: `r${i}@race.example` } }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('"race-partner" is already used') });
    }
    expect(await t.db.select().from(companies).where(eq(companies.accountName, 'race-partner'))).toHaveLength(1);
    expect(await t.db.select().from(users).where(eq(users.email, 'r2@race.example'))).toHaveLength(
      results[1]!.status === 'fulfilled' ? 1 : 0,
    );
  });

  it('validates every field with a message a person can act on', async () => {
    const api = await as('admin@northwind-distribution.example');
    const bad = (patch: object, message: string) =>
      expect(
        api.partners.create({ profile: { ...profile('valid-name'), ...patch }, type: 'msp', admin: { name: 'X', email: 'x@valid.example' } }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST', message });
    await bad({ accountName: 'Bad Name!' }, 'profile.accountName: Use lower-case letters, digits and single hyphens for the account name (e.g. acme-dental).');
    await bad({ country: 'XX' }, 'profile.country: Choose a country from the list (a two-letter ISO code such as DE or US).');
    await bad({ timeZone: 'Mars/Olympus' }, 'profile.timeZone: Choose a time zone from the list, e.g. Europe/Berlin.');
    await bad({ contactEmail: 'nope' }, 'profile.contactEmail: Enter a valid email address.');
    await bad({ name: 'x'.repeat(121) }, 'profile.name: Keep the company name to 120 characters.');
    await expect(
      api.partners.create({ profile: profile('valid-name'), type: 'distributor', admin: { name: 'X', email: 'x@valid.example' } }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'Choose the partner type: msp or reseller.' });
  });

  it('is refused to tiers and roles without the privilege', async () => {
    for (const email of ['admin@bluefin-it.example', 'customer-account-manager@northwind-distribution.example', 'billing-manager@northwind-distribution.example']) {
      const api = await as(email);
      await expect(
        api.partners.create({ profile: profile('nope-partner'), type: 'msp', admin: { name: 'X', email: 'x@nope.example' } }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});

describe('partner procedures that take an id', () => {
  it('answer NOT_FOUND for partners of another channel and change nothing', async () => {
    const summit = await companyByAccount(t.db, 'summit-msp');
    const api = await as('admin@northwind-distribution.example');
    const id = summit.id;
    const calls = [
      () => api.partners.get({ id }),
      () => api.partners.update({ id, profile: { name: 'Hijacked' } }),
      () => api.partners.suspend({ id, reason: 'not yours' }),
      () => api.partners.reactivate({ id }),
      () => api.partners.cancel({ id, confirmAccountName: 'summit-msp' }),
    ];
    for (const call of calls) await expect(call()).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Partner was not found.' });
    expect(await companyByAccount(t.db, 'summit-msp')).toMatchObject({ name: 'Summit Managed Services', status: 'active' });
  });

  it('are closed to tier-2 partners, even about themselves', async () => {
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const harbor = await companyByAccount(t.db, 'harbor-resellers');
    const api = await as('admin@bluefin-it.example');
    await expect(api.partners.get({ id: harbor.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(api.partners.suspend({ id: bluefin.id, reason: 'self' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('partner lifecycle', () => {
  it('suspend: the partner reads but cannot change anything but its profile, nor can its parent change it', async () => {
    const harbor = await companyByAccount(t.db, 'harbor-resellers');
    const tier1 = await as('admin@northwind-distribution.example');
    await expect(tier1.partners.suspend({ id: harbor.id, reason: '' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'reason: Say why the partner is suspended.' });
    expect(await tier1.partners.suspend({ id: harbor.id, reason: 'Unpaid invoices' })).toMatchObject({ status: 'suspended' });

    const reseller = await as('admin@harbor-resellers.example');
    await expect(reseller.customers.list({})).resolves.toMatchObject({ total: 6 });
    await expect(
      reseller.customers.create({ profile: { ...profile('while-suspended'), emergencyEmail: null }, admin: { name: 'W', email: 'w@while.example' } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'Harbor Resellers is suspended: you can read everything but change only your profile until it is reactivated.' });

    // The parent cannot change what belongs to the suspended partner either, except its profile.
    const beacon = await companyByAccount(t.db, 'beacon-accounting');
    await expect(tier1.customers.disable({ id: beacon.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'Harbor Resellers, which manages Beacon Hill Accounting, is suspended: only its profile can be changed until it is reactivated.',
    });
    await expect(tier1.partners.update({ id: harbor.id, profile: { phone: '+1 555 0111' } })).resolves.toEqual({ id: harbor.id });
    await expect(tier1.partners.suspend({ id: harbor.id, reason: 'again' })).rejects.toMatchObject({ code: 'CONFLICT' });

    expect(await tier1.partners.reactivate({ id: harbor.id })).toMatchObject({ status: 'active' });
    await expect(tier1.customers.disable({ id: beacon.id })).resolves.toMatchObject({ status: 'disabled' });
  });

  it('cancel: needs the account name typed, ends every session of its users, refuses sign-in, and is final', async () => {
    const tier1 = await as('admin@northwind-distribution.example');
    const created = await tier1.partners.create({ profile: profile('short-lived'), type: 'reseller', admin: { name: 'S', email: 's@short-lived.example' } });
    const session = await createSession(t.db, created.admin.id);

    await expect(tier1.partners.cancel({ id: created.id, confirmAccountName: 'short-live' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Type the account name "short-lived" exactly to confirm the cancellation.',
    });
    const canceled = await tier1.partners.cancel({ id: created.id, confirmAccountName: 'short-lived' });
    expect(canceled.status).toBe('canceled');
    expect(canceled.statusChangedAt).toBeInstanceOf(Date);
    expect(await validateSessionToken(t.db, session.token)).toBeNull();
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, created.admin.id))).toHaveLength(0);
    await expect(tier1.partners.reactivate({ id: created.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(tier1.partners.update({ id: created.id, profile: { name: 'Back' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('partners.list', () => {
  it('filters by status and type, sorts and pages on the server', async () => {
    const api = await as('partner-account-manager@contoso-networks.example');
    const all = await api.partners.list({ sort: { by: 'name', direction: 'desc' } });
    expect(all.items.map((p) => p.name)).toEqual([...all.items.map((p) => p.name)].sort().reverse());
    expect(all.items.every((p) => p.type === 'msp' || p.type === 'reseller')).toBe(true);
    const msps = await api.partners.list({ filters: { type: 'msp' } });
    expect(msps.items.map((p) => p.name)).toEqual(['Summit Managed Services']);
    expect(msps.items[0]!.customerCount).toBe(6);
    const page1 = await api.partners.list({ limit: 1 });
    expect(page1.items).toHaveLength(1);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = await api.partners.list({ limit: 1, cursor: page1.nextCursor! });
    expect(page2.items[0]!.id).not.toBe(page1.items[0]!.id);
  });
});
