import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { companies, keyBatches, legalAcceptances, legalDocuments, licenses, users, type Company } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { createJobQueue, type JobQueue } from '@keyway/core/jobs';
import { companyByAccount, createSeededDb } from '@keyway/core/testing';
import { callerAs } from './testing/callers.ts';

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

const as = (email: string) => callerAs(t.db, email, { jobs });

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

  // The lists that sort by a chosen column, with rows tying on every sortable column.
  const northwind = await companyByAccount(t.db, 'northwind-distribution');
  const contoso = await companyByAccount(t.db, 'contoso-networks');
  const mixedCase = "case when g % 2 = 0 then upper(name) else name end";
  await copyRows('companies', `account_name = 'bluefin-it'`, 6, { name: mixedCase, account_name: "account_name || '-' || g" });
  await t.db.execute(sql`update companies set created_at = ${tiedStamp('id')} where kind = 'tier2' and channel_id = ${northwind.id}`);
  await copyRows('service_plans', `company_id = '${contoso.id}' and not nfr`, 2, { name: "name || ' ' || g", enabled: 'g % 2 = 0' });
  await t.db.execute(sql`update service_plans set created_at = ${tiedStamp('id')} where company_id = ${contoso.id}`);
  await t.db.execute(sql`
    update users set last_sign_in_at = case when ascii(md5(id::text)) % 2 = 0 then ${tiedStamp('id')} end
    where company_id = ${northwind.id}`);
  await t.db.execute(sql`
    insert into license_requests (company_id, channel_id, partner_id, customer_id, parent_company_id, product_id, version_type, units, status)
    select c.id, c.channel_id, c.partner_id, c.customer_id, c.parent_id, p.id, 'full', g,
      (array['pending', 'approved', 'rejected'])[g % 3 + 1]::license_request_status
    from companies c, products p, generate_series(1, 7) g
    where c.parent_id = ${contoso.id} and c.kind = 'tier2' and p.code = 'EP'`);
  await t.db.execute(sql`update license_requests set created_at = ${tiedStamp('id')}`);
  await copyRows('legal_documents', 'company_id is null', 2, { version: 'version + 100 * g', title: mixedCase.replaceAll('name', 'title') });
  await t.db.execute(sql`update legal_documents set updated_at = ${tiedStamp('id')}`);
  for (const table of ['data_centers', 'regional_services']) {
    await copyRows(table, 'company_id is null', 2, { code: "code || '-' || g", enabled: 'g % 2 = 0' });
  }
}, 120_000);

/**
 * `n` copies of the rows of `table` that `where` picks, each with a new id and the columns in
 * `set` computed anew (SQL; `g` numbers the copy from 1).
 */
async function copyRows(table: string, where: string, n: number, set: Record<string, string>) {
  const columns = await t.db.execute<{ column_name: string }>(sql`
    select column_name from information_schema.columns
    where table_schema = 'public' and table_name = ${table} and column_name <> 'id' and is_generated = 'NEVER'
    order by ordinal_position`);
  const names = columns.map((c) => c.column_name);
  await t.db.execute(
    sql.raw(`insert into ${table} (${names.join(', ')})
      select ${names.map((c) => set[c] ?? c).join(', ')} from ${table}, generate_series(1, ${n}) g where ${where}`),
  );
}

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

async function expectWalkMatches(list: (input: { limit: number; cursor?: string }) => Promise<Page>, rows: number, sort = '') {
  const { ids, pages, all } = await walk(list);
  expect(all.length, sort).toBeGreaterThanOrEqual(rows);
  expect(pages, sort).toBeGreaterThan(2);
  expect(ids, sort).toEqual(all);
  expect(new Set(ids).size, `${sort}: every row once`).toBe(ids.length);
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

  it('partners.list, in each sort', async () => {
    const api = await as('admin@northwind-distribution.example');
    for (const by of ['name', 'accountName', 'createdAt', 'status', 'type'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        await expectWalkMatches((input) => api.partners.list({ ...input, sort: { by, direction } }), 7, `${by} ${direction}`);
      }
    }
  });

  it('servicePlans.list, in each sort', async () => {
    const api = await as('admin@contoso-networks.example');
    for (const by of ['name', 'product', 'versionType', 'initialPeriodMonths', 'createdAt', 'enabled'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        await expectWalkMatches((input) => api.servicePlans.list({ ...input, sort: { by, direction } }), 6, `${by} ${direction}`);
      }
    }
  });

  it('company.accounts.list, in each sort, never-signed-in accounts last', async () => {
    const api = await as('admin@northwind-distribution.example');
    for (const field of ['name', 'email', 'role', 'status', 'lastSignInAt', 'createdAt'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        await expectWalkMatches((input) => api.company.accounts.list({ ...input, sort: { field, direction } }), 7, `${field} ${direction}`);
      }
    }
    for (const direction of ['asc', 'desc'] as const) {
      const { items } = await api.company.accounts.list({ limit: 100, sort: { field: 'lastSignInAt', direction } });
      const signedIn = items.map((a) => a.lastSignInAt !== null);
      expect(signedIn).toContain(false);
      expect(signedIn).toEqual([...signedIn].sort().reverse());
    }
  });

  it('licensePool.list, in each sort', async () => {
    const api = await as('admin@northwind-distribution.example');
    for (const by of ['product', 'fullRemaining', 'trialRemaining'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        const lines = async (input: { limit: number; cursor?: string }) => {
          const page = await api.licensePool.list({ ...input, sort: { by, direction } });
          return { ...page, items: page.items.map((line) => ({ id: line.productId })) };
        };
        await expectWalkMatches(lines, 5, `${by} ${direction}`);
      }
    }
  });

  it('licensePool.requests.list, in each sort', async () => {
    const api = await as('admin@contoso-networks.example');
    for (const by of ['createdAt', 'status'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        await expectWalkMatches((input) => api.licensePool.requests.list({ ...input, sort: { by, direction } }), 7, `${by} ${direction}`);
      }
    }
  });

  it('branding.legalDocuments.list, in each sort', async () => {
    const api = await as('admin@northwind-distribution.example');
    for (const by of ['title', 'kind', 'language', 'version', 'updatedAt'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        await expectWalkMatches((input) => api.branding.legalDocuments.list({ ...input, sort: { by, direction } }), 6, `${by} ${direction}`);
      }
    }
  });

  it('branding.dataCenters.list and branding.regionalServices.list, in each sort', async () => {
    const api = await as('admin@northwind-distribution.example');
    for (const by of ['name', 'code', 'region', 'enabled'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        await expectWalkMatches((input) => api.branding.dataCenters.list({ ...input, sort: { by, direction } }), 6, `${by} ${direction}`);
        await expectWalkMatches((input) => api.branding.regionalServices.list({ ...input, sort: { by, direction } }), 6, `${by} ${direction}`);
      }
    }
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

  it('answers BAD_REQUEST for each list that paged by offset before, for a page number or a value not of its column', async () => {
    const tier1 = await as('admin@northwind-distribution.example');
    const contoso = await as('admin@contoso-networks.example');
    const encode = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');
    const id = '0b6f4c6e-3d55-4f0c-9b0e-5f5a6f0c2a11';
    const lists: [string, (cursor: string) => Promise<unknown>, string[]][] = [
      ['partners:status:asc', (cursor) => tier1.partners.list({ cursor, sort: { by: 'status', direction: 'asc' } }), ['deleted', id]],
      ['service-plans:enabled:asc', (cursor) => contoso.servicePlans.list({ cursor, sort: { by: 'enabled', direction: 'asc' } }), ['yes', id]],
      [
        'company.accounts:lastSignInAt:asc',
        (cursor) => tier1.company.accounts.list({ cursor, sort: { field: 'lastSignInAt', direction: 'asc' } }),
        ['false', 'yesterday', id],
      ],
      ['license-pool:fullRemaining:asc', (cursor) => tier1.licensePool.list({ cursor, sort: { by: 'fullRemaining', direction: 'asc' } }), ['1.5', 'Endpoint', id]],
      ['license-pool.requests:status:asc', (cursor) => contoso.licensePool.requests.list({ cursor, sort: { by: 'status', direction: 'asc' } }), ['lost', id]],
      [
        'branding.legal-documents:version:asc',
        (cursor) => tier1.branding.legalDocuments.list({ cursor, sort: { by: 'version', direction: 'asc' } }),
        ['99999999999', id],
      ],
      ['branding.data_centers:name:asc', (cursor) => tier1.branding.dataCenters.list({ cursor, sort: { by: 'name', direction: 'asc' } }), ['x\u0000', id]],
      ['branding.regional_services:name:asc', (cursor) => tier1.branding.regionalServices.list({ cursor, sort: { by: 'name', direction: 'asc' } }), ['x', 'not-a-uuid']],
    ];
    for (const [key, list, tampered] of lists) {
      // The numeric cursor of the offset days is a page link like any other foreign one.
      for (const cursor of ['garbage', '25', encode([key, tampered]), encode(['customers:name:asc', ['acme', id]])]) {
        await expect(list(cursor), `${key} ${cursor}`).rejects.toMatchObject({ code: 'BAD_REQUEST', message: PAGE_LINK_EXPIRED });
      }
    }
    await expect(tier1.partners.list({ cursor: 25 as unknown as string })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining(PAGE_LINK_EXPIRED),
    });
  });
});
