import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { auditLog, companies, dataCenters, emailMessages, licenses, regionalServices } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { createJobQueue, type JobQueue } from '@keyway/core/jobs';
import { companyByAccount, createSeededDb, DEMO_PASSWORD } from '@keyway/core/testing';
import { callerAs, callerFor } from './testing/callers.ts';

/*
 * Input Postgres cannot take (a NUL character, half of a surrogate pair, a year outside any
 * calendar a person uses, an update with nothing in it) is refused with a message before it reaches
 * the database, and nothing changes.
 */

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
const TIER1 = 'admin@northwind-distribution.example';
const MSP = 'admin@bluefin-it.example';
const NUL = 'Remove the invisible NUL character from the text.';
const BROKEN = 'The text contains a broken character (half of an emoji or symbol): type it again.';
const OUT_OF_RANGE = 'Enter a date between the years 1900 and 9999.';
const NOTHING = 'Change at least one field.';

/** Refused as a 400 whose message says what to do. */
const refused = (message: string) => ({ code: 'BAD_REQUEST', message: expect.stringContaining(message) });

async function auditRows() {
  const [row] = await t.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
  return row!.n;
}

describe('text with a NUL character', () => {
  it('is refused in searches and list filters', async () => {
    const api = await as(TIER1);
    const text = 'acme\u0000';
    const calls = [
      () => api.customers.list({ filters: { query: text } }),
      () => api.partners.list({ filters: { query: text } }),
      () => api.search.companies({ query: text }),
      () => api.registrationKeys.list({ filters: { query: text } }),
      () => api.emailNotifications.sent.list({ filters: { recipient: text } }),
      () => api.emailNotifications.scheduled.list({ filters: { recipient: text } }),
      () => api.servicePlans.list({ filters: { query: text } }),
      () => api.branding.dataCenters.list({ filters: { query: text } }),
      () => api.company.accounts.list({ filters: { query: text } }),
    ];
    for (const call of calls) await expect(call()).rejects.toMatchObject(refused(NUL));
  });

  it('is refused in creates, updates and templates, and nothing is written', async () => {
    const api = await as(MSP);
    const acme = await companyByAccount(t.db, 'acme-dental');
    const audits = await auditRows();
    await expect(api.customers.update({ id: acme.id, profile: { name: 'Acme\u0000 Dental' } })).rejects.toMatchObject(refused(NUL));
    await expect(
      api.customers.create({
        profile: {
          name: 'Nul\u0000 Dental',
          accountName: 'nul-dental',
          contactEmail: 'it@nul-dental.example',
          country: 'US',
          timeZone: 'America/Los_Angeles',
          language: 'en',
        },
        admin: { name: 'Pat', email: 'pat@nul-dental.example' },
      }),
    ).rejects.toMatchObject(refused(NUL));
    await expect(
      api.emailNotifications.templates.update({
        event: 'reset-password',
        language: 'en',
        enabled: true,
        subject: 'Reset',
        blocks: { heading: 'Reset', intro: 'Hi\u0000', body: 'Body', action: 'Go', closing: 'Bluefin IT' },
        sendToCustomer: false,
      }),
    ).rejects.toMatchObject(refused(NUL));
    await expect(api.account.update({ name: 'Me\u0000' })).rejects.toMatchObject(refused(NUL));
    await expect(
      api.branding.dataCenters.create({ code: 'nul-dc', name: 'Nul', region: 'eu', endpoint: 'https://nul.example/\u0000' }),
    ).rejects.toMatchObject(refused(NUL));
    const anonymous = callerFor(t.db, null);
    await expect(anonymous.auth.signIn({ email: MSP, password: `${DEMO_PASSWORD}\u0000` })).rejects.toMatchObject(refused(NUL));

    const [after] = await t.db.select().from(companies).where(eq(companies.id, acme.id));
    expect(after!.name).toBe(acme.name);
    expect(await t.db.select().from(companies).where(eq(companies.accountName, 'nul-dental'))).toEqual([]);
    expect(await auditRows()).toBe(audits);
  });
});

describe('text with half of a surrogate pair', () => {
  it('is refused before the change and its audit row are written', async () => {
    const api = await as(MSP);
    const acme = await companyByAccount(t.db, 'acme-dental');
    const audits = await auditRows();
    await expect(api.customers.update({ id: acme.id, profile: { contactName: 'x\ud800' } })).rejects.toMatchObject(refused(BROKEN));
    await expect(api.customers.update({ id: acme.id, profile: { city: '\udc00Seattle' } })).rejects.toMatchObject(refused(BROKEN));
    await expect(api.account.update({ name: 'Pat \ud83d' })).rejects.toMatchObject(refused(BROKEN));
    const [after] = await t.db.select().from(companies).where(eq(companies.id, acme.id));
    expect(after).toMatchObject({ contactName: acme.contactName, city: acme.city });
    expect(await auditRows()).toBe(audits);

    // A whole emoji is a pair, and is kept.
    await api.customers.update({ id: acme.id, profile: { contactName: 'Pat 🦷' } });
    const [kept] = await t.db.select().from(companies).where(eq(companies.id, acme.id));
    expect(kept!.contactName).toBe('Pat 🦷');
  });
});

describe('an update with nothing to change', () => {
  it('is refused with a message for customers, partners, data centers and regional services', async () => {
    const msp = await as(MSP);
    const tier1 = await as(TIER1);
    const acme = await companyByAccount(t.db, 'acme-dental');
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const { id: dc } = await tier1.branding.dataCenters.create({ code: 'nw-empty', name: 'Northwind Empty', region: 'us', endpoint: 'https://empty.northwind.example' });
    const { id: rs } = await tier1.branding.regionalServices.create({ code: 'nw-empty', name: 'Northwind Empty', region: 'us', endpoint: 'https://rs.northwind.example' });
    const audits = await auditRows();

    await expect(msp.customers.update({ id: acme.id, profile: {} })).rejects.toMatchObject(refused(NOTHING));
    await expect(tier1.partners.update({ id: bluefin.id, profile: {} })).rejects.toMatchObject(refused(NOTHING));
    await expect(tier1.branding.dataCenters.update({ id: dc })).rejects.toMatchObject(refused(NOTHING));
    await expect(tier1.branding.regionalServices.update({ id: rs })).rejects.toMatchObject(refused(NOTHING));

    expect(await auditRows()).toBe(audits);
    const [dcRow] = await t.db.select().from(dataCenters).where(eq(dataCenters.id, dc));
    const [rsRow] = await t.db.select().from(regionalServices).where(eq(regionalServices.id, rs));
    expect(dcRow!.name).toBe('Northwind Empty');
    expect(rsRow!.name).toBe('Northwind Empty');
  });
});

describe('dates out of range', () => {
  it('are refused in the mail filters and when rescheduling', async () => {
    const api = await as(TIER1);
    for (const day of ['0000-01-01', '+275760-09-13', '1899-12-31']) {
      await expect(api.emailNotifications.sent.list({ filters: { from: day } })).rejects.toMatchObject(refused(OUT_OF_RANGE));
      await expect(api.emailNotifications.scheduled.list({ filters: { to: day } })).rejects.toMatchObject(refused(OUT_OF_RANGE));
    }

    const acme = await companyByAccount(t.db, 'acme-dental');
    const [mail] = await t.db
      .insert(emailMessages)
      .values({
        companyId: acme.id,
        channelId: acme.channelId,
        partnerId: acme.partnerId,
        customerId: acme.customerId,
        event: 'license-added',
        language: 'en',
        recipientEmail: 'it@acme-dental.example',
        variables: {},
        subject: 'Your license',
        html: '<p>Hello</p>',
        text: 'Hello',
        status: 'scheduled',
        scheduledFor: new Date('2030-01-01T09:00:00Z'),
      })
      .returning();
    for (const scheduledFor of ['0000-01-01', '+275760-09-13', new Date('+275760-09-13T00:00:00Z')]) {
      await expect(api.emailNotifications.scheduled.reschedule({ ids: [mail!.id], scheduledFor })).rejects.toMatchObject(refused(OUT_OF_RANGE));
    }
    const [after] = await t.db.select().from(emailMessages).where(eq(emailMessages.id, mail!.id));
    expect(after!.scheduledFor.toISOString()).toBe('2030-01-01T09:00:00.000Z');
  });

  it('are refused for license days and key validity', async () => {
    const [license] = await t.db.select().from(licenses).limit(1);
    const [manager] = await t.db.select().from(companies).where(eq(companies.id, license!.managingCompanyId));
    const api = await as(`admin@${manager!.accountName}.example`);
    for (const expiresOn of ['0000-01-01', '1899-12-31']) {
      await expect(api.customers.licenses.update({ id: license!.id, expiresOn })).rejects.toMatchObject(refused(OUT_OF_RANGE));
    }
    await expect(api.customers.licenses.update({ id: license!.id })).rejects.toMatchObject(refused(NOTHING));
    const [after] = await t.db.select().from(licenses).where(eq(licenses.id, license!.id));
    expect(after!.expiresOn).toBe(license!.expiresOn);

    await expect(
      api.registrationKeys.batches.create({ planId: license!.planId, count: 1, validUntil: '0000-01-01' }),
    ).rejects.toMatchObject(refused(OUT_OF_RANGE));
  });
});
