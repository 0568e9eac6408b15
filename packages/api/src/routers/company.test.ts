import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq, sql } from 'drizzle-orm';
import { auditLog, companies, emailMessages, sessions, users } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { createSession, validateSessionToken } from '@keyway/core/auth';
import { createJobQueue, type JobQueue } from '@keyway/core/jobs';
import { companyByAccount, createSeededDb, DEMO_PASSWORD } from '@keyway/core/testing';
import { callerAs, callerFor } from '../testing/callers.ts';

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

const userByEmail = async (email: string) => {
  const [user] = await t.db.select().from(users).where(eq(sql`lower(${users.email})`, email.toLowerCase()));
  if (!user) throw new Error(`no user ${email}`);
  return user;
};
const auditOf = (action: string, targetId: string) =>
  t.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));
const anonymous = () => callerFor(t.db, null, undefined, jobs);

describe('company.get', () => {
  it('shows the own company to administrators and support staff', async () => {
    for (const email of ['admin@northwind-distribution.example', 'support-manager@northwind-distribution.example', 'support-engineer@northwind-distribution.example']) {
      expect(await (await as(email)).company.get()).toMatchObject({
        name: 'Northwind Distribution',
        accountName: 'northwind-distribution',
        kind: 'tier1',
        country: 'US',
        parentName: 'Keyway',
      });
    }
    expect(await (await as('admin@pinecrest-medical.example')).company.get()).toMatchObject({ name: 'Pinecrest Medical Center', kind: 'customer' });
  });

  it('is refused to the other roles', async () => {
    for (const email of ['license-manager@northwind-distribution.example', 'billing-manager@northwind-distribution.example', 'customer-account-manager@bluefin-it.example']) {
      await expect((await as(email)).company.get()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});

describe('company.update', () => {
  const profile = {
    name: 'Orca Marine Supply Inc.',
    contactName: 'Olivia Orca',
    contactEmail: 'office@orca-marine.example',
    phone: '+1 253 555 0199',
    address: '1 Harbor Way',
    city: 'Tacoma',
    state: 'WA',
    postalCode: '98402',
    country: 'us',
    timeZone: 'America/Los_Angeles',
    language: 'en' as const,
  };

  it('saves the own company’s profile for its administrator and records the change', async () => {
    const api = await as('admin@orca-marine.example');
    const saved = await api.company.update(profile);
    expect(saved).toMatchObject({ ...profile, country: 'US' });
    const orca = await companyByAccount(t.db, 'orca-marine');
    expect(orca).toMatchObject({ name: 'Orca Marine Supply Inc.', state: 'WA', postalCode: '98402' });
    const [audit] = await auditOf('company.update', orca.id);
    expect(audit).toMatchObject({
      companyId: orca.id,
      channelId: orca.channelId,
      before: expect.objectContaining({ name: 'Orca Marine Supply' }),
      after: expect.objectContaining({ name: 'Orca Marine Supply Inc.' }),
    });
  });

  it('says which field is wrong and why, and changes nothing', async () => {
    const api = await as('admin@orca-marine.example');
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'x'.repeat(121) }, 'name: Keep the company name to 120 characters.'],
      [{ name: '  ' }, 'name: Enter the company name.'],
      [{ contactEmail: 'office-at-orca' }, 'contactEmail: Enter a valid email address.'],
      [{ phone: '5'.repeat(41) }, 'phone: Keep the phone number to 40 characters.'],
      [{ country: 'XX' }, 'country: Choose a country from the list (a two-letter ISO code such as DE or US).'],
      [{ country: 'USA' }, 'country: Choose a country from the list (a two-letter ISO code such as DE or US).'],
      [{ country: 'UK' }, 'country: Choose a country from the list (a two-letter ISO code such as DE or US).'],
      [{ country: 'ZZ' }, 'country: Choose a country from the list (a two-letter ISO code such as DE or US).'],
      [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone: Choose a time zone from the list, e.g. Europe/Berlin.'],
      [{ language: 'tlh' }, 'language: Choose a language: en, de, fr, es, it, ja.'],
    ];
    for (const [change, message] of cases) {
      await expect(api.company.update({ ...profile, ...change } as typeof profile)).rejects.toMatchObject({ code: 'BAD_REQUEST', message });
    }
    expect((await companyByAccount(t.db, 'orca-marine')).name).toBe('Orca Marine Supply Inc.');
  });

  it('is the administrator’s alone', async () => {
    for (const email of ['support-manager@northwind-distribution.example', 'customer-account-manager@northwind-distribution.example']) {
      await expect((await as(email)).company.update({ ...profile, name: 'Hijacked' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await companyByAccount(t.db, 'northwind-distribution')).name).toBe('Northwind Distribution');
  });
});

describe('company.accounts.list', () => {
  it('lists the own company’s accounts, sorted by name, with the roles its tier allows', async () => {
    const list = await (await as('admin@northwind-distribution.example')).company.accounts.list({});
    expect(list.total).toBe(7);
    expect(list.nextCursor).toBeNull();
    expect(list.items.map((a) => a.name)).toEqual([...list.items.map((a) => a.name)].sort((a, b) => a.localeCompare(b)));
    expect(list.items.find((a) => a.email === 'admin@northwind-distribution.example')).toMatchObject({
      role: 'admin',
      roleLabel: 'Administrator',
      status: 'active',
      hasPassword: true,
      isSelf: true,
    });
    expect(list.roles.map((r) => r.value)).toContain('partner_account_manager');
    expect(list.company).toMatchObject({ name: 'Northwind Distribution', kind: 'tier1' });

    const reseller = await (await as('admin@harbor-resellers.example')).company.accounts.list({});
    expect(reseller.roles.map((r) => r.label)).toEqual([
      'Administrator',
      'Customer Account Manager',
      'License Manager',
      'Support Manager',
      'Support Engineer',
      'Billing Manager',
    ]);
  });

  it('filters by name or email, role and status; sorts and pages', async () => {
    const api = await as('support-engineer@northwind-distribution.example');
    const support = await api.company.accounts.list({ filters: { query: 'SUPPORT' } });
    expect(support.items.map((a) => a.email).sort()).toEqual([
      'support-engineer@northwind-distribution.example',
      'support-manager@northwind-distribution.example',
    ]);
    const billing = await api.company.accounts.list({ filters: { role: 'billing_manager' } });
    expect(billing.items.map((a) => a.email)).toEqual(['billing-manager@northwind-distribution.example']);
    expect((await api.company.accounts.list({ filters: { status: 'disabled' } })).total).toBe(0);
    expect((await api.company.accounts.list({ filters: { query: '%' } })).total).toBe(0);

    const first = await api.company.accounts.list({ limit: 3, sort: { field: 'email', direction: 'desc' } });
    expect(first).toMatchObject({ total: 7, nextCursor: expect.any(String) });
    const second = await api.company.accounts.list({ limit: 3, cursor: first.nextCursor!, sort: { field: 'email', direction: 'desc' } });
    const third = await api.company.accounts.list({ limit: 3, cursor: second.nextCursor!, sort: { field: 'email', direction: 'desc' } });
    expect(third.nextCursor).toBeNull();
    const emails = [...first.items, ...second.items, ...third.items].map((a) => a.email);
    expect(emails).toHaveLength(7);
    expect(emails).toEqual([...emails].sort().reverse());
  });

  it('is refused to roles without Company Information', async () => {
    for (const email of ['license-manager@northwind-distribution.example', 'billing-manager@bluefin-it.example']) {
      await expect((await as(email)).company.accounts.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('lists a partner’s or customer’s accounts in the caller’s subtree, for those who may view them', async () => {
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const harbor = await companyByAccount(t.db, 'harbor-resellers');
    const pinecrest = await companyByAccount(t.db, 'pinecrest-medical');
    const acme = await companyByAccount(t.db, 'acme-dental');
    const beacon = await companyByAccount(t.db, 'beacon-accounting');
    const tier1 = await as('admin@northwind-distribution.example');
    expect((await tier1.company.accounts.list({ companyId: bluefin.id })).items.map((a) => a.email)).toContain('admin@bluefin-it.example');
    expect((await tier1.company.accounts.list({ companyId: pinecrest.id })).items.map((a) => a.email)).toEqual(['admin@pinecrest-medical.example']);
    expect((await tier1.company.accounts.list({ companyId: bluefin.id })).items.every((a) => !a.isSelf)).toBe(true);

    const msp = await as('admin@bluefin-it.example');
    expect((await msp.company.accounts.list({ companyId: acme.id })).total).toBe(1);
    const pam = await as('partner-account-manager@northwind-distribution.example');
    expect((await pam.company.accounts.list({ companyId: bluefin.id })).total).toBeGreaterThan(0);
    const vendor = await as('admin@keyway.example');
    expect((await vendor.company.accounts.list({ companyId: (await companyByAccount(t.db, 'northwind-distribution')).id })).total).toBe(7);

    // Out of scope: another channel, a sibling partner, a sibling's customer, the tier-1's own customer.
    const otherChannel = await as('admin@contoso-networks.example');
    await expect(otherChannel.company.accounts.list({ companyId: bluefin.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const id of [harbor.id, beacon.id, pinecrest.id]) {
      await expect(msp.company.accounts.list({ companyId: id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    await expect(msp.company.accounts.list({ companyId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    // In scope, but without the privilege over that kind of company.
    await expect((await as('support-manager@northwind-distribution.example')).company.accounts.list({ companyId: pinecrest.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(pam.company.accounts.list({ companyId: pinecrest.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('company.accounts.create for a partner or customer', () => {
  it('creates the account in that company, with its stamps and its mail', async () => {
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const api = await as('admin@northwind-distribution.example');
    const created = await api.company.accounts.create({ companyId: bluefin.id, name: 'Tom Tide', email: 'tom@bluefin-it.example', role: 'support_engineer' });
    const user = await userByEmail('tom@bluefin-it.example');
    expect(user).toMatchObject({ id: created.id, companyId: bluefin.id, channelId: bluefin.channelId, partnerId: bluefin.id, language: bluefin.language });
    const [mail] = await t.db.select().from(emailMessages).where(eq(emailMessages.id, created.welcomeMail!.id));
    expect(mail).toMatchObject({ companyId: bluefin.id, event: 'account-created' });
    const [audit] = await auditOf('account.create', created.id);
    expect(audit).toMatchObject({ companyId: bluefin.id, partnerId: bluefin.id, actorCompanyId: (await companyByAccount(t.db, 'northwind-distribution')).id });
  });

  it('refuses roles of another tier, companies out of scope and callers without the privilege, creating nothing', async () => {
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const harbor = await companyByAccount(t.db, 'harbor-resellers');
    const pinecrest = await companyByAccount(t.db, 'pinecrest-medical');
    const beacon = await companyByAccount(t.db, 'beacon-accounting');
    const account = { name: 'Nobody', email: 'nobody-new@example.com', role: 'admin' as const };
    await expect(
      (await as('admin@northwind-distribution.example')).company.accounts.create({ ...account, companyId: pinecrest.id, role: 'license_manager' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'A License Manager cannot be created here. Choose one of: Administrator.' });
    await expect((await as('admin@contoso-networks.example')).company.accounts.create({ ...account, companyId: bluefin.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect((await as('admin@bluefin-it.example')).company.accounts.create({ ...account, companyId: harbor.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect((await as('admin@bluefin-it.example')).company.accounts.create({ ...account, companyId: beacon.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A reseller sees its customers but may not modify them.
    await expect((await as('admin@harbor-resellers.example')).company.accounts.create({ ...account, companyId: beacon.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await as('support-manager@northwind-distribution.example')).company.accounts.create({ ...account, companyId: bluefin.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.db.select().from(users).where(eq(users.email, account.email))).toHaveLength(0);
    expect(await t.db.select().from(emailMessages).where(eq(emailMessages.recipientEmail, account.email))).toHaveLength(0);
  });
});

describe('company.accounts.update', () => {
  it('changes name, role, phone, language and time zone, and records before and after', async () => {
    const target = await userByEmail('license-manager@bluefin-it.example');
    const api = await as('admin@bluefin-it.example');
    const updated = await api.company.accounts.update({
      id: target.id,
      name: 'Lena Lopez',
      role: 'billing_manager',
      phone: '+1 415 555 0142',
      language: 'de',
      timeZone: 'Europe/Berlin',
    });
    expect(updated).toMatchObject({ name: 'Lena Lopez', role: 'billing_manager', phone: '+1 415 555 0142', language: 'de', timeZone: 'Europe/Berlin' });
    expect(await userByEmail('license-manager@bluefin-it.example')).toMatchObject({ name: 'Lena Lopez', role: 'billing_manager' });
    const [audit] = await auditOf('account.update', target.id);
    expect(audit).toMatchObject({
      before: { name: target.name, role: 'license_manager', phone: null, language: 'en', timeZone: 'America/Los_Angeles' },
      after: { name: 'Lena Lopez', role: 'billing_manager', phone: '+1 415 555 0142', language: 'de', timeZone: 'Europe/Berlin' },
    });
    // Clearing the phone with an empty field.
    expect(await api.company.accounts.update({ id: target.id, phone: '' })).toMatchObject({ phone: null });
  });

  it('explains invalid values and roles the tier does not have', async () => {
    const target = await userByEmail('billing-manager@bluefin-it.example');
    const api = await as('admin@bluefin-it.example');
    await expect(api.company.accounts.update({ id: target.id, role: 'partner_account_manager' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('The role Partner Account Manager cannot be given here. Choose one of: Administrator,'),
    });
    await expect(api.company.accounts.update({ id: target.id, timeZone: 'Nowhere/Town' })).rejects.toMatchObject({
      message: 'timeZone: Choose a time zone from the list, e.g. Europe/Berlin.',
    });
    await expect(api.company.accounts.update({ id: target.id, name: '' })).rejects.toMatchObject({ message: 'name: Enter the person’s name.' });
    await expect(api.company.accounts.update({ id: 'not-an-id' })).rejects.toMatchObject({ message: 'id: That is not a valid account id.' });
  });

  it('is refused to non-administrators and answers NOT_FOUND for accounts of other channels and sibling partners', async () => {
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const summitUser = await userByEmail('support-engineer@summit-msp.example');
    const harborUser = await userByEmail('support-engineer@harbor-resellers.example');
    const bluefinUser = await userByEmail('support-engineer@bluefin-it.example');

    await expect((await as('support-manager@bluefin-it.example')).company.accounts.update({ id: bluefinUser.id, name: 'X' })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const msp = await as('admin@bluefin-it.example');
    for (const input of [
      { id: summitUser.id },
      { id: summitUser.id, companyId: summitUser.companyId },
      { id: harborUser.id },
      { id: harborUser.id, companyId: harborUser.companyId },
      { id: harborUser.id, companyId: bluefin.id },
    ]) {
      await expect(msp.company.accounts.update({ ...input, name: 'Taken over' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    // Without companyId, Company Information means the own company: a partner's account needs its id.
    const tier1 = await as('admin@northwind-distribution.example');
    await expect(tier1.company.accounts.update({ id: bluefinUser.id, name: 'Taken over' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await userByEmail('support-engineer@harbor-resellers.example')).name).toBe(harborUser.name);
    expect((await userByEmail('support-engineer@summit-msp.example')).name).toBe(summitUser.name);
    expect((await userByEmail('support-engineer@bluefin-it.example')).name).toBe(bluefinUser.name);

    expect(await tier1.company.accounts.update({ id: bluefinUser.id, companyId: bluefin.id, name: 'Sam Support' })).toMatchObject({ name: 'Sam Support' });
  });
});

describe('the last active Administrator', () => {
  it('can be neither demoted nor disabled, whoever asks', async () => {
    const bluefinAdmin = await userByEmail('admin@bluefin-it.example');
    const message =
      'Administrator, Bluefin IT Services is the last active Administrator of Bluefin IT Services, so the account cannot be given another role. Make another account an Administrator first.';
    await expect((await as('admin@bluefin-it.example')).company.accounts.update({ id: bluefinAdmin.id, role: 'support_manager' })).rejects.toMatchObject({ code: 'CONFLICT', message });
    const tier1 = await as('admin@northwind-distribution.example');
    await expect(tier1.company.accounts.update({ id: bluefinAdmin.id, companyId: bluefinAdmin.companyId, role: 'license_manager' })).rejects.toMatchObject({ code: 'CONFLICT', message });
    const pinecrestAdmin = await userByEmail('admin@pinecrest-medical.example');
    await expect(tier1.company.accounts.disable({ id: pinecrestAdmin.id, companyId: pinecrestAdmin.companyId })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('is the last active Administrator of Pinecrest Medical Center, so the account cannot be disabled.'),
    });
    expect(await userByEmail('admin@bluefin-it.example')).toMatchObject({ role: 'admin', status: 'active' });
    expect(await userByEmail('admin@pinecrest-medical.example')).toMatchObject({ status: 'active' });
  });

  it('holds when the last two administrators demote or disable each other at the same moment', async () => {
    const summit = await companyByAccount(t.db, 'summit-msp');
    const first = await userByEmail('admin@summit-msp.example');
    // Summit is Austrian: a new account would speak German; both administrators here read English.
    const created = await (await as('admin@summit-msp.example')).company.accounts.create({ name: 'Second Admin', email: 'second-admin@summit-msp.example', role: 'admin', language: 'en' });
    const second = await userByEmail('second-admin@summit-msp.example');
    expect(second.id).toBe(created.id);
    const activeAdmins = async () =>
      (await t.db.select().from(users).where(and(eq(users.companyId, summit.id), eq(users.role, 'admin'), eq(users.status, 'active')))).map((u) => u.id);

    for (let round = 0; round < 6; round++) {
      expect((await activeAdmins()).sort()).toEqual([first.id, second.id].sort());
      const [a, b] = [await as(first.email), await as(second.email)];
      const demote = round % 2 === 0;
      const results = await Promise.allSettled(
        demote
          ? [a.company.accounts.update({ id: second.id, role: 'support_manager' }), b.company.accounts.update({ id: first.id, role: 'support_manager' })]
          : [a.company.accounts.disable({ id: second.id }), b.company.accounts.disable({ id: first.id })],
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected');
      expect(refused?.reason).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('is the last active Administrator of Summit Managed Services') });
      const remaining = await activeAdmins();
      expect(remaining).toHaveLength(1);

      // The one left restores the other for the next round.
      const survivor = await as(remaining[0] === first.id ? first.email : second.email);
      const other = remaining[0] === first.id ? second.id : first.id;
      if (demote) await survivor.company.accounts.update({ id: other, role: 'admin' });
      else await survivor.company.accounts.enable({ id: other });
    }
  });

  it('answers every one of 50 simultaneous disables and enables between two administrators, never with a server error', async () => {
    const acme = await companyByAccount(t.db, 'acme-dental');
    const first = await userByEmail('admin@acme-dental.example');
    await (await as(first.email)).company.accounts.create({ name: 'Second Admin', email: 'second-admin@acme-dental.example', role: 'admin' });
    const second = await userByEmail('second-admin@acme-dental.example');
    const [a, b] = [await as(first.email), await as(second.email)];

    const calls = Array.from({ length: 50 }, (_, i) => {
      switch (i % 4) {
        case 0: return a.company.accounts.disable({ id: second.id });
        case 1: return b.company.accounts.disable({ id: first.id });
        case 2: return a.company.accounts.enable({ id: second.id });
        default: return b.company.accounts.enable({ id: first.id });
      }
    });
    const results = await Promise.allSettled(calls);

    const unexpected = results.flatMap((r) => {
      if (r.status === 'fulfilled') return [];
      const { code, message } = r.reason as { code?: string; message?: string };
      if (code === 'CONFLICT' && message?.includes('is the last active Administrator of Acme Dental Group')) return [];
      if (code === 'CONFLICT' && message === 'Someone else changed this at the same time. Try again.') return [];
      return [`${code}: ${message}`];
    });
    expect(unexpected).toEqual([]);
    const active = await t.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.companyId, acme.id), eq(users.role, 'admin'), eq(users.status, 'active')));
    expect(active.length).toBeGreaterThanOrEqual(1);
  });
});

describe('company.accounts.disable and enable', () => {
  it('ends the account’s sessions and stops sign-in until it is enabled again', async () => {
    const target = await userByEmail('customer-account-manager@bluefin-it.example');
    const session = await createSession(t.db, target.id, { ip: '10.0.0.7', userAgent: 'test' });
    const api = await as('admin@bluefin-it.example');

    expect(await api.company.accounts.disable({ id: target.id })).toMatchObject({ status: 'disabled' });
    expect(await validateSessionToken(t.db, session.token)).toBeNull();
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, target.id))).toHaveLength(0);
    await expect(anonymous().auth.signIn({ email: target.email, password: DEMO_PASSWORD })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'This account is disabled. Ask your administrator to enable it.',
    });
    expect((await api.company.accounts.list({ filters: { status: 'disabled' } })).items.map((a) => a.email)).toEqual([target.email]);
    expect(await auditOf('account.disable', target.id)).toHaveLength(1);

    // Disabling twice changes nothing more.
    expect(await api.company.accounts.disable({ id: target.id })).toMatchObject({ status: 'disabled' });
    expect(await auditOf('account.disable', target.id)).toHaveLength(1);

    expect(await api.company.accounts.enable({ id: target.id })).toMatchObject({ status: 'active' });
    await expect(anonymous().auth.signIn({ email: target.email, password: DEMO_PASSWORD })).resolves.toEqual({ redirectTo: '/dashboard' });
    expect(await auditOf('account.enable', target.id)).toHaveLength(1);
  });

  it('refuses disabling oneself, non-administrators, and accounts out of scope', async () => {
    const me = await userByEmail('admin@harbor-resellers.example');
    await expect((await as(me.email)).company.accounts.disable({ id: me.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'You cannot disable your own account. Ask another Administrator to do it.',
    });
    const harborUser = await userByEmail('license-manager@harbor-resellers.example');
    await expect((await as('support-manager@harbor-resellers.example')).company.accounts.disable({ id: harborUser.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await as('admin@bluefin-it.example')).company.accounts.disable({ id: harborUser.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect((await as('admin@bluefin-it.example')).company.accounts.disable({ id: harborUser.id, companyId: harborUser.companyId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect((await as('admin@contoso-networks.example')).company.accounts.disable({ id: harborUser.id, companyId: harborUser.companyId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect((await as('admin@contoso-networks.example')).company.accounts.enable({ id: harborUser.id, companyId: harborUser.companyId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await userByEmail(harborUser.email)).toMatchObject({ status: 'active' });
  });
});

describe('company.accounts.sendPasswordReset', () => {
  const resetMailsTo = (email: string) =>
    t.db.select().from(emailMessages).where(and(eq(emailMessages.recipientEmail, email), eq(emailMessages.event, 'reset-password'))).orderBy(desc(emailMessages.createdAt));

  it('lets administrators and support staff mail a reset link to an account of their company', async () => {
    const target = await userByEmail('billing-manager@harbor-resellers.example');
    for (const email of ['support-engineer@harbor-resellers.example', 'support-manager@harbor-resellers.example', 'admin@harbor-resellers.example']) {
      expect(await (await as(email)).company.accounts.sendPasswordReset({ id: target.id })).toEqual({ sent: true, email: target.email });
    }
    const mails = await resetMailsTo(target.email);
    expect(mails).toHaveLength(3);
    expect(mails[0]!.text).toContain('http://console.test/reset-password/');
    const [audit] = await auditOf('account.send-password-reset', target.id);
    expect(audit).toMatchObject({ companyId: target.companyId });
  });

  it('refuses other roles, other channels and disabled accounts, mailing nothing', async () => {
    const target = await userByEmail('customer-account-manager@harbor-resellers.example');
    await expect((await as('license-manager@harbor-resellers.example')).company.accounts.sendPasswordReset({ id: target.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await as('admin@contoso-networks.example')).company.accounts.sendPasswordReset({ id: target.id, companyId: target.companyId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect((await as('support-manager@bluefin-it.example')).company.accounts.sendPasswordReset({ id: target.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await resetMailsTo(target.email)).toHaveLength(0);

    const admin = await as('admin@harbor-resellers.example');
    await admin.company.accounts.disable({ id: target.id });
    await expect(admin.company.accounts.sendPasswordReset({ id: target.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'Customer Account Manager, Harbor Resellers’s account is disabled. Enable it before sending a password-reset mail.',
    });
    expect(await resetMailsTo(target.email)).toHaveLength(0);
    await admin.company.accounts.enable({ id: target.id });
  });

  it('works for a customer’s account from the partner above it', async () => {
    const target = await userByEmail('admin@lakeside-credit.example');
    await (await as('admin@northwind-distribution.example')).company.accounts.sendPasswordReset({ id: target.id, companyId: target.companyId });
    expect(await resetMailsTo(target.email)).toHaveLength(1);
  });
});

describe('accounts of a suspended partner', () => {
  it('can be read but not changed, by the partner or the tier-1 above it; own account and profile stay editable', async () => {
    const harbor = await companyByAccount(t.db, 'harbor-resellers');
    const beacon = await companyByAccount(t.db, 'beacon-accounting');
    await t.db.update(companies).set({ status: 'suspended' }).where(eq(companies.id, harbor.id));
    try {
      const tier1 = await as('admin@northwind-distribution.example');
      const own = await as('admin@harbor-resellers.example');
      const target = await userByEmail('license-manager@harbor-resellers.example');
      const fromAbove = 'Harbor Resellers is suspended: only its profile can be changed until it is reactivated.';
      const fromInside = 'Harbor Resellers is suspended: you can read everything but change only your profile until it is reactivated.';
      await expect(tier1.company.accounts.create({ companyId: harbor.id, name: 'Late', email: 'late@harbor-resellers.example', role: 'support_engineer' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: fromAbove });
      await expect(tier1.company.accounts.disable({ companyId: harbor.id, id: target.id })).rejects.toMatchObject({ code: 'FORBIDDEN', message: fromAbove });
      await expect(tier1.company.accounts.sendPasswordReset({ companyId: harbor.id, id: target.id })).rejects.toMatchObject({ code: 'FORBIDDEN', message: fromAbove });
      await expect(own.company.accounts.update({ id: target.id, name: 'Renamed' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: fromInside });
      await expect(own.company.accounts.disable({ id: target.id })).rejects.toMatchObject({ code: 'FORBIDDEN', message: fromInside });
      const beaconAdmin = await userByEmail('admin@beacon-accounting.example');
      await expect(tier1.company.accounts.update({ companyId: beacon.id, id: beaconAdmin.id, name: 'Renamed' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: 'Harbor Resellers, which manages Beacon Hill Accounting, is suspended: only its profile can be changed until it is reactivated.',
      });
      expect((await own.company.accounts.list({})).total).toBe(6);
      expect((await tier1.company.accounts.list({ companyId: harbor.id })).total).toBe(6);
      expect(await userByEmail(target.email)).toMatchObject({ name: target.name, status: 'active' });

      const profile = await own.company.get();
      await expect(own.company.update({ ...profile, language: 'en', phone: '+1 617 555 0100' } as Parameters<typeof own.company.update>[0])).resolves.toMatchObject({ phone: '+1 617 555 0100' });
      await expect(own.account.update({ phone: '+1 617 555 0101' })).resolves.toMatchObject({ phone: '+1 617 555 0101' });
    } finally {
      await t.db.update(companies).set({ status: 'active' }).where(eq(companies.id, harbor.id));
    }
  });
});
