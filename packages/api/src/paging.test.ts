import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { companies, keyBatches, legalAcceptances, legalDocuments, licenses, users, type Company } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { createJobQueue, type JobQueue } from '@keyway/core/jobs';
import { companyByAccount, createSeededDb } from '@keyway/core/testing';
import { callerFor, signedInAs } from './testing/callers.ts';

/*
 * Every keyset-paged list, walked two rows at a time by passing each page's `nextCursor` back as
 * it came, must return exactly the rows one large page returns, in the same order: no row twice,
 * none skipped, also where many rows share a sort value down to the microsecond.
 */

let t: TestDb;
let jobs: JobQueue;
let customer: Company;
/** An administrator of the company that manages the customer's licenses. */
let partnerAdmin: string;
const CUSTOMER_ADMIN = 'admin@sequoia-law.example';
const PAGE_LINK_EXPIRED = 'This page link is no longer valid. Go back to the first page.';

const as = async (email: string) => callerFor(t.db, await signedInAs(t.db, email), undefined, jobs);

/**
 * Three instants a microsecond apart, so rows tie on the sort value and a cursor that dropped the
 * microseconds (as a JavaScript date does) would skip or repeat rows.
 */
const tiedStamp = (column: string) =>
  sql.raw(`timestamptz '2026-03-01 10:00:00.123456+00' + (ascii(md5(${column}::text)) % 3) * interval '1 microsecond'`);

beforeAll(async () => {
  t = await createSeededDb();
  jobs = createJobQueue(t.url);
  customer = await companyByAccount(t.db, 'sequoia-law');
  const [license] = await t.db.select().from(licenses).where(eq(licenses.companyId, customer.id)).limit(1);
  const [manager] = await t.db.select().from(companies).where(eq(companies.id, license!.managingCompanyId));
  partnerAdmin = `admin@${manager!.accountName}.example`;
  const [admin] = await t.db.select().from(users).where(eq(users.email, CUSTOMER_ADMIN));
  const [document] = await t.db.select().from(legalDocuments).where(eq(legalDocuments.status, 'published')).limit(1);

  await t.db.execute(sql`
    insert into licenses (company_id, channel_id, partner_id, customer_id, managing_company_id, plan_id, product_id,
      version_type, unit_type, units, status, starts_on, expires_on, charge_starts_on)
    select company_id, channel_id, partner_id, customer_id, managing_company_id, plan_id, product_id,
      version_type, unit_type, units, status, starts_on, expires_on, charge_starts_on
    from licenses, generate_series(1, 9) where id = ${license!.id}`);
  await t.db.execute(sql`update licenses set created_at = ${tiedStamp('id')} where company_id = ${customer.id}`);

  for (const [status, n] of [['sent', 9], ['scheduled', 7]] as const) {
    await t.db.execute(sql`
      insert into email_messages (company_id, channel_id, partner_id, customer_id, event, language, recipient_email,
        variables, subject, html, text, status)
      select id, channel_id, partner_id, customer_id, 'license-added', 'en', 'it@sequoia-law.example',
        '{}'::jsonb, 'Your license', '<p>Hello</p>', 'Hello', ${status}::email_status
      from companies, generate_series(1, ${n}) where id = ${customer.id}`);
  }
  await t.db.execute(sql`update email_messages set created_at = ${tiedStamp('id')}, scheduled_for = ${tiedStamp('id')}`);

  await t.db.insert(keyBatches).values(
    Array.from({ length: 8 }, () => ({
      companyId: manager!.id,
      channelId: manager!.channelId,
      partnerId: manager!.partnerId,
      customerId: manager!.customerId,
      planId: license!.planId,
      productId: license!.productId,
      count: 10,
      validUntil: '2030-01-01',
      status: 'ready' as const,
    })),
  );
  await t.db.execute(sql`update key_batches set created_at = ${tiedStamp('id')}`);

  await t.db.insert(legalAcceptances).values(
    Array.from({ length: 8 }, () => ({
      documentId: document!.id,
      companyId: customer.id,
      channelId: customer.channelId,
      partnerId: customer.partnerId,
      customerId: customer.customerId,
      userId: admin!.id,
    })),
  );
  await t.db.execute(sql`update legal_acceptances set accepted_at = ${tiedStamp('id')}`);
}, 120_000);

afterAll(async () => {
  await jobs.stop();
  await t.drop();
});

type Page = { items: { id: string | number }[]; nextCursor: string | null };

/** The ids of every page, two at a time, each cursor passed back as it came. */
async function walk(list: (input: { limit: number; cursor?: string }) => Promise<Page>) {
  const ids: (string | number)[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await list({ limit: 2, cursor });
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor && pages < 50);
  const all = await list({ limit: 100 });
  return { ids, pages, all: all.items.map((item) => item.id) };
}

async function expectWalkMatches(list: (input: { limit: number; cursor?: string }) => Promise<Page>, rows: number) {
  const { ids, pages, all } = await walk(list);
  expect(all.length).toBeGreaterThanOrEqual(rows);
  expect(pages).toBeGreaterThan(2);
  expect(ids).toEqual(all);
}

describe('keyset paging through nextCursor', () => {
  it('emailNotifications.sent.list', async () => {
    const api = await as(partnerAdmin);
    await expectWalkMatches((input) => api.emailNotifications.sent.list(input), 9);
  });

  it('emailNotifications.scheduled.list', async () => {
    const api = await as(partnerAdmin);
    await expectWalkMatches((input) => api.emailNotifications.scheduled.list(input), 7);
  });

  it('customers.licenses.list, in each sort', async () => {
    const api = await as(partnerAdmin);
    for (const by of ['createdAt', 'startsOn', 'expiresOn'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        await expectWalkMatches((input) => api.customers.licenses.list({ ...input, customerId: customer.id, sort: { by, direction } }), 10);
      }
    }
  });

  it('portal.products', async () => {
    const api = await as(CUSTOMER_ADMIN);
    await expectWalkMatches((input) => api.portal.products(input), 10);
  });

  it('portal.acceptances', async () => {
    const api = await as(CUSTOMER_ADMIN);
    await expectWalkMatches((input) => api.portal.acceptances(input), 8);
  });

  it('registrationKeys.batches.list', async () => {
    const api = await as(partnerAdmin);
    await expectWalkMatches((input) => api.registrationKeys.batches.list(input), 8);
  });

  it('customers.list, by creation time', async () => {
    await t.db.execute(sql`update companies set created_at = ${tiedStamp('id')} where kind = 'customer'`);
    const api = await as('admin@northwind-distribution.example');
    for (const direction of ['asc', 'desc'] as const) {
      await expectWalkMatches((input) => api.customers.list({ ...input, sort: { by: 'createdAt', direction } }), 5);
    }
  });
});

describe('a cursor that is not this list’s', () => {
  it('answers BAD_REQUEST with a way back, for a malformed, tampered or other-sort cursor', async () => {
    const api = await as(partnerAdmin);
    const first = await api.customers.licenses.list({ customerId: customer.id, limit: 2, sort: { by: 'createdAt', direction: 'desc' } });
    const cursor = first.nextCursor!;
    const [key, values] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string[]];
    const encode = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');
    const bad = [
      'not a cursor',
      'bm90IGpzb24',
      '',
      encode([key, ['2026-02-30T10:00:00.000000Z', values[1]]]),
      encode([key, ['yesterday', values[1]]]),
      encode([key, [values[0], 'x\u0000']]),
      encode([key, [values[0]]]),
      encode({ key, values }),
    ];
    for (const c of bad) {
      await expect(
        api.customers.licenses.list({ customerId: customer.id, cursor: c, sort: { by: 'createdAt', direction: 'desc' } }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: PAGE_LINK_EXPIRED });
    }
    await expect(api.customers.licenses.list({ customerId: customer.id, cursor: 'x'.repeat(5000) })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining(PAGE_LINK_EXPIRED),
    });
    // The same cursor under another sort, or handed to another list, is not a place in it.
    await expect(
      api.customers.licenses.list({ customerId: customer.id, cursor, sort: { by: 'startsOn', direction: 'desc' } }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: PAGE_LINK_EXPIRED });
    await expect(api.registrationKeys.batches.list({ cursor })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: PAGE_LINK_EXPIRED });

    const lists = [
      () => api.emailNotifications.sent.list({ cursor: 'garbage' }),
      () => api.emailNotifications.scheduled.list({ cursor: 'garbage' }),
      () => api.registrationKeys.batches.list({ cursor: 'garbage' }),
      () => api.registrationKeys.list({ cursor: 'garbage' }),
      () => api.transactions.list({ cursor: 'garbage' }),
    ];
    for (const call of lists) {
      await expect(call()).rejects.toMatchObject({ code: 'BAD_REQUEST', message: PAGE_LINK_EXPIRED });
    }
    const portal = await as(CUSTOMER_ADMIN);
    await expect(portal.portal.products({ cursor: 'garbage' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: PAGE_LINK_EXPIRED });
    const search = await as('admin@northwind-distribution.example');
    const searched = await search.search.companies({ query: 'example', limit: 1 });
    const [, [, name, id]] = JSON.parse(Buffer.from(searched.nextCursor!, 'base64url').toString()) as [string, string[]];
    for (const c of [encode(['search.companies', ['everything', name, id]]), encode(['search.companies', ['prefix', 'x\u0000', id]])]) {
      await expect(search.search.companies({ query: 'example', cursor: c })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: PAGE_LINK_EXPIRED });
    }
    await expect(portal.portal.acceptances({ cursor: encode(['portal.acceptances:acceptedAt:desc', ['2026-03-01T10:00:00.123456Z', '1e5']]) })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: PAGE_LINK_EXPIRED,
    });
  });
});
