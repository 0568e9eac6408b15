import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { companies, emailMessages, users } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
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

const newCustomer = (accountName: string, name = 'Puget Sound Dental') => ({
  profile: {
    name,
    accountName,
    contactName: 'Pat Puget',
    contactEmail: `it@${accountName}.example`,
    emergencyEmail: `oncall@${accountName}.example`,
    phone: '+1 555 0142',
    city: 'Seattle',
    country: 'US',
    timeZone: 'America/Los_Angeles',
    language: 'en' as const,
  },
  admin: { name: 'Pat Puget', email: `pat@${accountName}.example` },
});

describe('customers.create', () => {
  it('creates a customer under an MSP with its administrator, welcome mail and sign-in URL', async () => {
    const api = await as('admin@bluefin-it.example');
    const created = await api.customers.create(newCustomer('puget-dental'));
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const row = await companyByAccount(t.db, 'puget-dental');
    expect(row).toMatchObject({ kind: 'customer', parentId: bluefin.id, channelId: bluefin.channelId, partnerId: bluefin.id, customerId: row.id, status: 'enabled', emergencyEmail: 'oncall@puget-dental.example' });
    const [mail] = await t.db.select().from(emailMessages).where(eq(emailMessages.id, created.welcomeMail!.id));
    expect(mail).toMatchObject({ event: 'account-created', recipientEmail: 'pat@puget-dental.example', customerId: row.id });
    const got = await api.customers.get({ id: row.id });
    expect(got.signInUrl).toBe('http://console.test/sign-in/northwind-distribution/puget-dental');
    expect(got.parentName).toBe('Bluefin IT Services');
  });

  it('lets a reseller create customers, schedules the welcome mail for a date', async () => {
    const api = await as('customer-account-manager@harbor-resellers.example');
    const notifyAt = new Date(Date.now() + 86_400_000);
    const created = await api.customers.create({ ...newCustomer('harbor-new-client', 'Harbor New Client'), admin: { name: 'H', email: 'h@harbor-new-client.example', notifyAt } });
    const [mail] = await t.db.select().from(emailMessages).where(eq(emailMessages.id, created.welcomeMail!.id));
    expect(mail!.status).toBe('scheduled');
  });

  it('refuses a duplicate account name in the channel and a taken admin email, creating nothing', async () => {
    const api = await as('admin@northwind-distribution.example');
    await expect(api.customers.create(newCustomer('golden-gate-arch', 'Another GG'))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'The account name "golden-gate-arch" is already used by Golden Gate Architects in your channel. Choose another one.',
    });
    await expect(
      api.customers.create({ ...newCustomer('fresh-name', 'Fresh'), admin: { name: 'X', email: 'admin@bluefin-it.example' } }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: 'An account with the email admin@bluefin-it.example already exists.' });
    expect(await t.db.select().from(companies).where(eq(companies.accountName, 'fresh-name'))).toHaveLength(0);
  });
});

describe('customers.list', () => {
  it('pages by keyset in a stable order with the filters applied', async () => {
    const api = await as('admin@northwind-distribution.example');
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.customers.list({ limit: 4, cursor, sort: { by: 'name', direction: 'asc' } });
      seen.push(...page.items.map((c) => c.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...seen].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toContain('Acme Dental Group');
    expect(seen).not.toContain('Globex Logistics');

    const disabled = await api.customers.list({ filters: { status: 'disabled' } });
    expect(disabled.items.map((c) => c.name).sort()).toEqual(['Bayview Logistics', 'Cascade School District']);
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const ofBluefin = await api.customers.list({ filters: { partnerId: bluefin.id }, limit: 100 });
    expect(ofBluefin.items.every((c) => c.parentName === 'Bluefin IT Services')).toBe(true);
    const direct = await api.customers.list({ filters: { direct: true } });
    expect(direct.items.every((c) => c.parentName === 'Northwind Distribution')).toBe(true);
    const query = await api.customers.list({ filters: { query: 'LOGISTICS' } });
    expect(query.items.map((c) => c.name)).toEqual(['Bayview Logistics']);
  });

  it('lets the vendor filter by any partner of the tree: a tier-2’s customers, or a tier-1’s whole channel', async () => {
    const vendor = await as('admin@keyway.example');
    const tier1 = await as('admin@northwind-distribution.example');
    const [bluefin, northwind, contoso] = await Promise.all(['bluefin-it', 'northwind-distribution', 'contoso-networks'].map((a) => companyByAccount(t.db, a)));
    const names = (page: { items: { name: string }[] }) => page.items.map((c) => c.name);

    const ofBluefin = await vendor.customers.list({ filters: { partnerId: bluefin!.id }, limit: 100 });
    expect(ofBluefin.total).toBeGreaterThan(0);
    expect(names(ofBluefin)).toEqual(names(await tier1.customers.list({ filters: { partnerId: bluefin!.id }, limit: 100 })));
    expect(ofBluefin.items.every((c) => c.parentName === 'Bluefin IT Services')).toBe(true);

    const ofNorthwind = await vendor.customers.list({ filters: { partnerId: northwind!.id }, limit: 100 });
    expect(names(ofNorthwind)).toEqual(names(await tier1.customers.list({ limit: 100 })));
    expect(ofNorthwind.total).toBe((await vendor.partners.get({ id: northwind!.id })).customerCount);
    expect(names(ofNorthwind)).not.toContain('Globex Logistics');
    expect((await vendor.customers.list({ filters: { partnerId: contoso!.id, status: 'enabled' } })).total).toBeGreaterThan(0);

    // A tier-1 stays inside its channel: another channel's tier-1, or its own id, holds none of its partners' customers.
    expect((await tier1.customers.list({ filters: { partnerId: contoso!.id } })).total).toBe(0);
    expect((await tier1.customers.list({ filters: { partnerId: northwind!.id } })).total).toBe(0);
  });

  it('shows a tier-2 only its own customers, whatever partner id it sends', async () => {
    const api = await as('admin@harbor-resellers.example');
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    expect((await api.customers.list({ filters: { partnerId: bluefin.id } })).total).toBe(0);
    const mine = await api.customers.list({ limit: 100 });
    expect(mine.items.every((c) => c.parentName === 'Harbor Resellers')).toBe(true);
  });
});

describe('customer procedures that take an id', () => {
  it('answer NOT_FOUND for another channel and for a sibling partner, and change nothing', async () => {
    const globex = await companyByAccount(t.db, 'globex');
    const beacon = await companyByAccount(t.db, 'beacon-accounting');
    const cases = [
      { who: 'admin@northwind-distribution.example', id: globex.id },
      { who: 'admin@bluefin-it.example', id: beacon.id },
    ];
    for (const { who, id } of cases) {
      const api = await as(who);
      for (const call of [
        () => api.customers.get({ id }),
        () => api.customers.update({ id, profile: { name: 'Hijacked' } }),
        () => api.customers.disable({ id }),
        () => api.customers.enable({ id }),
      ]) {
        await expect(call()).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Customer was not found.' });
      }
    }
    expect(await companyByAccount(t.db, 'globex')).toMatchObject({ name: 'Globex Logistics', status: 'enabled' });
    expect(await companyByAccount(t.db, 'beacon-accounting')).toMatchObject({ name: 'Beacon Hill Accounting', status: 'enabled' });
  });
});

describe('customer changes', () => {
  it('MSPs modify their customers; resellers may not', async () => {
    const acme = await companyByAccount(t.db, 'acme-dental');
    const msp = await as('customer-account-manager@bluefin-it.example');
    await msp.customers.update({ id: acme.id, profile: { phone: '+1 555 0000', city: 'Berkeley' } });
    expect(await companyByAccount(t.db, 'acme-dental')).toMatchObject({ phone: '+1 555 0000', city: 'Berkeley' });

    const beacon = await companyByAccount(t.db, 'beacon-accounting');
    const reseller = await as('admin@harbor-resellers.example');
    await expect(reseller.customers.get({ id: beacon.id })).resolves.toMatchObject({ name: 'Beacon Hill Accounting' });
    await expect(reseller.customers.update({ id: beacon.id, profile: { city: 'X' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(reseller.customers.disable({ id: beacon.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('disable and enable record who and when', async () => {
    const mission = await companyByAccount(t.db, 'mission-clinic');
    const api = await as('admin@bluefin-it.example');
    const me = await t.db.select().from(users).where(eq(users.email, 'admin@bluefin-it.example'));
    const disabled = await api.customers.disable({ id: mission.id });
    expect(disabled.status).toBe('disabled');
    expect(await companyByAccount(t.db, 'mission-clinic')).toMatchObject({ status: 'disabled', statusChangedBy: me[0]!.id });
    await expect(api.customers.disable({ id: mission.id })).rejects.toMatchObject({ code: 'CONFLICT', message: 'Mission Street Clinic is already disabled.' });
    await expect(api.customers.enable({ id: mission.id })).resolves.toMatchObject({ status: 'enabled' });
  });
});

describe('customers.exportSummary', () => {
  it('counts only the caller’s customers and gives the download address', async () => {
    const api = await as('admin@harbor-resellers.example');
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    await expect(api.customers.exportSummary({ format: 'xlsx', filters: { partnerId: bluefin.id } })).resolves.toMatchObject({ rows: 0 });
    const mine = await api.customers.exportSummary({ format: 'csv', filters: {} });
    expect(mine.url).toBe('/api/exports/customers?format=csv');
    expect(mine.rows).toBeGreaterThanOrEqual(6);
    const billing = await as('billing-manager@harbor-resellers.example');
    await expect(billing.customers.exportSummary({ format: 'csv', filters: {} })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('the first administrator’s welcome mail', () => {
  it('keeps its set-password link alive for a week after the mail goes out, not after creation', async () => {
    const api = await as('admin@bluefin-it.example');
    const notifyAt = new Date(Date.now() + 20 * 86_400_000);
    const created = await api.customers.create({ ...newCustomer('later-start', 'Later Start'), admin: { name: 'L', email: 'l@later-start.example', notifyAt } });
    const [token] = await t.db.execute<{ days: number }>(
      sql`select round(extract(epoch from (expires_at - now())) / 86400)::int as days from password_reset_tokens where user_id = ${created.admin.id}`,
    );
    expect(token!.days).toBe(27);
  });

  it('names the field when the administrator’s email is taken', async () => {
    const api = await as('admin@bluefin-it.example');
    await expect(
      api.customers.create({ ...newCustomer('email-clash', 'Email Clash'), admin: { name: 'X', email: 'admin@acme-dental.example' } }),
    ).rejects.toMatchObject({ code: 'CONFLICT', cause: { details: { field: 'admin.email' } } });
  });
});
