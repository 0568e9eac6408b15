import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { apiKeys, companies, usageDaily } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { createApiKey } from '@keyway/core/company';
import { previousCycleStart } from '@keyway/core/usage';
import { actorFor, companyByAccount, createSeededDb } from '@keyway/core/testing';
import { demoApiKey } from '@keyway/core/seed';

/*
 * Usage ingest through the real SvelteKit handler (POST /api/v1/usage), on a seeded database of
 * its own. The handler's pool is opened on first use, from DATABASE_URL.
 */
let t: TestDb;
let POST: (event: { request: Request }) => Promise<Response>;
beforeAll(async () => {
  t = await createSeededDb();
  process.env.DATABASE_URL = t.url;
  POST = (await import('./+server.ts')).POST as never;
});
afterAll(async () => {
  const { closePool } = await import('#lib/server/db.ts');
  await closePool();
  await t.drop();
});

const keyOf = async (adminEmail: string, options: { expiresAt?: Date } = {}) =>
  (await createApiKey(t.db, await actorFor(t.db, adminEmail), { name: `Test ${Math.random()}`, scopes: ['usage:write'], ...options })).key;

const post = async (key: string | null, body: unknown, init: { raw?: string; headers?: Record<string, string> } = {}) => {
  const request = new Request('http://console.test/api/v1/usage', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...init.headers },
    body: init.raw ?? JSON.stringify(body),
  });
  const response = await POST({ request });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
};

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const record = (customer: string, used: number, at = hoursAgo(1), product = 'EP', unitType = 'device') => ({ customer, product, unitType, used, at });

const usageOf = async (accountName: string) => {
  const customer = await companyByAccount(t.db, accountName);
  return t.db
    .select()
    .from(usageDaily)
    .where(eq(usageDaily.customerId, customer.id))
    .orderBy(usageDaily.day, usageDaily.productId, usageDaily.unitType);
};

describe('POST /api/v1/usage', () => {
  it('keeps the highest use per day, and the same batch twice changes nothing', async () => {
    const key = await keyOf('admin@bluefin-it.example');
    const acme = await companyByAccount(t.db, 'acme-dental');
    const at = hoursAgo(30);
    const batch = {
      records: [
        record('acme-dental', 10, at),
        record('ACME-DENTAL', 14, at), // account names are case-insensitive; the day keeps 14
        record(acme.id, 12, hoursAgo(1)),
        record('acme-dental', 3, hoursAgo(1), 'CE', 'mailbox'),
      ],
    };
    const first = await post(key, batch);
    expect(first).toMatchObject({ status: 200, body: { accepted: 4, rejected: [] } });
    const before = await usageOf('acme-dental');
    expect(before.map((r) => [r.unitType, r.maxUsed])).toEqual(
      expect.arrayContaining([
        ['device', 14],
        ['mailbox', 3],
      ]),
    );
    expect(before[0]).toMatchObject({ channelId: acme.channelId, partnerId: acme.partnerId });

    const again = await post(key, batch);
    expect(again).toMatchObject({ status: 200, body: { accepted: 4, rejected: [] } });
    expect(await usageOf('acme-dental')).toEqual(before);

    // A lower reading the same day changes nothing; a higher one raises the day.
    await post(key, { records: [record('acme-dental', 1, at), record('acme-dental', 20, at)] });
    const after = await usageOf('acme-dental');
    expect(after.find((r) => r.day === before[0]!.day && r.unitType === 'device')?.maxUsed).toBe(20);

    const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.prefix, key.split('_').slice(0, 2).join('_')));
    expect(row!.lastUsedAt).toBeInstanceOf(Date);
  });

  it('lets an MSP’s key report only for its own customers: another MSP’s and another channel’s are unknown, nothing written', async () => {
    const key = await keyOf('admin@bluefin-it.example');
    const globex = await companyByAccount(t.db, 'globex');
    const others = ['beacon-accounting', 'globex', 'pinecrest-medical'];
    const before = await Promise.all(others.map(usageOf));
    const response = await post(key, {
      records: [
        record('beacon-accounting', 5), // Harbor Resellers', same channel
        record('globex', 5), // Summit's, another channel
        record(globex.id, 5),
        record('pinecrest-medical', 5), // Northwind's own customer, above the MSP
      ],
    });
    expect(response.status).toBe(200);
    expect(response.body.accepted).toBe(0);
    expect(response.body.rejected).toEqual([
      { index: 0, reason: 'Unknown customer "beacon-accounting": send the account name or id of a customer of Bluefin IT Services.' },
      { index: 1, reason: 'Unknown customer "globex": send the account name or id of a customer of Bluefin IT Services.' },
      { index: 2, reason: `Unknown customer "${globex.id}": send the account name or id of a customer of Bluefin IT Services.` },
      { index: 3, reason: 'Unknown customer "pinecrest-medical": send the account name or id of a customer of Bluefin IT Services.' },
    ]);
    // Said exactly as for a customer that exists nowhere.
    const nowhere = await post(key, { records: [record('no-such-customer', 5)] });
    expect((nowhere.body.rejected as { reason: string }[])[0]!.reason).toBe(
      'Unknown customer "no-such-customer": send the account name or id of a customer of Bluefin IT Services.',
    );
    expect(await Promise.all(others.map(usageOf))).toEqual(before);
  });

  it('lets a tier-1’s key report for its channel only, and the vendor’s for every customer', async () => {
    const northwind = demoApiKey('northwind-distribution');
    const byTier1 = await post(northwind, { records: [record('golden-gate-arch', 7), record('globex', 7)] });
    expect(byTier1.body).toMatchObject({ accepted: 1, rejected: [{ index: 1 }] });

    const vendor = await keyOf('admin@keyway.example');
    const byVendor = await post(vendor, { records: [record('globex', 9, hoursAgo(2)), record('pinecrest-medical', 9, hoursAgo(2)), record('helvetia-watches', 9, hoursAgo(2))] });
    expect(byVendor.body).toEqual({ accepted: 3, rejected: [] });
    expect((await usageOf('globex')).map((r) => r.maxUsed)).toContain(9);
  });

  it('asks a vendor key for the id when an account name is used in two channels', async () => {
    const contoso = await companyByAccount(t.db, 'contoso-networks');
    const [twin] = await t.db
      .insert(companies)
      .values({ kind: 'customer', parentId: contoso.id, channelId: contoso.id, name: 'Acme Dental Munich', accountName: 'acme-dental', status: 'enabled' })
      .returning();
    await t.db.update(companies).set({ customerId: twin!.id }).where(eq(companies.id, twin!.id));
    const vendor = await keyOf('admin@keyway.example');
    const response = await post(vendor, { records: [record('acme-dental', 2), record(twin!.id, 2)] });
    expect(response.body).toEqual({
      accepted: 1,
      rejected: [{ index: 0, reason: 'Several customers have the account name "acme-dental": send the customer’s id instead.' }],
    });
    // Inside one channel the name is unique, so Northwind's key still finds its own.
    expect((await post(demoApiKey('northwind-distribution'), { records: [record('acme-dental', 2)] })).body).toEqual({ accepted: 1, rejected: [] });
  });

  it('rejects each bad record with its reason and accepts the rest', async () => {
    const key = await keyOf('admin@northwind-distribution.example');
    const tooOld = new Date(previousCycleStart(new Date()).getTime() - 1000).toISOString();
    const inSkew = new Date(Date.now() + 60_000).toISOString();
    const response = await post(key, {
      records: [
        record('pinecrest-medical', 1, inSkew), // 0: accepted, within the clock skew
        record('pinecrest-medical', 1, hoursAgo(1), 'ZZ'),
        record('pinecrest-medical', 1, hoursAgo(1), 'EP', 'seat'),
        record('pinecrest-medical', 1, hoursAgo(1), 'SS', 'server'),
        record('pinecrest-medical', -1),
        record('pinecrest-medical', 1.5),
        record('pinecrest-medical', 1, new Date(Date.now() + 3_600_000).toISOString()),
        record('pinecrest-medical', 1, tooOld),
        record('pinecrest-medical', 1, 'yesterday'),
        record('pinecrest-medical', 1, '2026-01-01'),
      ],
    });
    expect(response.status).toBe(200);
    expect(response.body.accepted).toBe(1);
    const reasons = Object.fromEntries((response.body.rejected as { index: number; reason: string }[]).map((r) => [r.index, r.reason]));
    expect(reasons).toEqual({
      1: 'Unknown product "ZZ": send a product code from the catalog, e.g. "EP".',
      2: 'Product EP has no unit type "seat": use device or user.',
      3: 'Product SS does not report usage: its provisioned units count as used.',
      4: 'used must be a whole number of 0 or more, not -1.',
      5: 'used must be a whole number of 0 or more, not 1.5.',
      6: expect.stringContaining('is in the future'),
      7: expect.stringContaining('the start of the previous cycle'),
      8: 'at must be an ISO 8601 time with a zone, e.g. "2026-11-05T10:00:00Z", not "yesterday".',
      9: expect.stringContaining('not "2026-01-01"'),
    });
  });

  it('answers 401 with what to do for a missing, malformed, unknown, revoked, expired or wrongly scoped key', async () => {
    const body = { records: [record('orca-marine', 1)] };
    const good = await keyOf('admin@northwind-distribution.example');
    const expect401 = async (key: string | null, message: string, headers?: Record<string, string>) => {
      const response = await post(key, body, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      expect((response.body.error as { message: string }).message).toContain(message);
    };
    await expect401(null, 'Authorization: Bearer kw_');
    await expect401(null, 'Authorization: Bearer kw_', { authorization: `Basic ${good}` });
    await expect401('not-a-key', 'not known');
    await expect401(`${good.slice(0, -1)}x`, 'not known'); // right prefix, wrong secret
    await expect401('kw_zzzzzzzzzz_' + 'a'.repeat(52), 'not known');

    const revoked = await keyOf('admin@northwind-distribution.example');
    await t.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.prefix, revoked.split('_').slice(0, 2).join('_')));
    await expect401(revoked, 'was revoked on');

    const expired = await keyOf('admin@northwind-distribution.example', { expiresAt: new Date(Date.now() + 60_000) });
    await t.db.update(apiKeys).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiKeys.prefix, expired.split('_').slice(0, 2).join('_')));
    await expect401(expired, 'expired on');

    const unscoped = await keyOf('admin@northwind-distribution.example');
    await t.db.update(apiKeys).set({ scopes: [] }).where(eq(apiKeys.prefix, unscoped.split('_').slice(0, 2).join('_')));
    await expect401(unscoped, 'does not have the usage:write scope');

    expect(await usageOf('orca-marine')).toEqual([]);
  });

  it('answers in the language the request’s Accept-Language asks for, English when it is not translated', async () => {
    const body = { records: [record('orca-marine', 1)] };
    const german = await post('not-a-key', body, { headers: { 'accept-language': 'de-DE,de;q=0.9,en;q=0.8' } });
    expect(german.status).toBe(401);
    expect((german.body.error as { message: string }).message).toMatch(/^Dieser API-Schlüssel ist nicht bekannt\./);
    const japanese = await post('not-a-key', body, { headers: { 'accept-language': 'ja' } });
    expect((japanese.body.error as { message: string }).message).toMatch(/^This API key is not known\./);
  });

  it('answers 400 with a message for a malformed body, never 500', async () => {
    const key = await keyOf('admin@northwind-distribution.example');
    const cases: [unknown, string | undefined, string][] = [
      [undefined, '{"records": [', 'not valid JSON'],
      [undefined, '', 'The body is empty'],
      [[], undefined, 'Send a JSON object'],
      [null, undefined, 'Send a JSON object'],
      [{ records: 'x' }, undefined, 'Send the records as an array'],
      [{ records: [] }, undefined, 'Send at least one record'],
      [{ records: [{ customer: 'pinecrest-medical', product: 'EP', unitType: 'device', used: '4', at: hoursAgo(1) }] }, undefined, 'Record 0: used: send the units used as a number.'],
      [{ records: [{ product: 'EP', unitType: 'device', used: 4, at: hoursAgo(1) }] }, undefined, 'Record 0: customer: send'],
      [{ records: [record('pinecrest-medical', 1), { ...record('pinecrest-medical', 1), customer: 'a\u0000b' }] }, undefined, 'Record 1: Remove the invisible NUL'],
    ];
    for (const [body, raw, message] of cases) {
      const response = await post(key, body, { raw });
      expect(response.status, JSON.stringify(body) ?? raw).toBe(400);
      expect((response.body.error as { message: string }).message).toContain(message);
    }
  });

  it('refuses more than 10,000 records (400) and a body over 5 MB (413)', async () => {
    const key = await keyOf('admin@northwind-distribution.example');
    const many = Array.from({ length: 10_001 }, () => record('pinecrest-medical', 1));
    const response = await post(key, { records: many });
    expect(response).toMatchObject({ status: 400, body: { error: { message: 'Send at most 10,000 records per request; split larger batches.' } } });

    const huge = await post(key, undefined, { raw: JSON.stringify({ records: [record('pinecrest-medical', 1)], padding: 'x'.repeat(5 * 1024 * 1024) }) });
    expect(huge.status).toBe(413);
    expect((huge.body.error as { message: string }).message).toContain('larger than 5 MB');
  });

  it('takes 10,000 records in one request', async () => {
    const key = await keyOf('admin@northwind-distribution.example');
    const records = Array.from({ length: 10_000 }, (_, i) => record('lakeside-credit', i, new Date(Date.now() - (i % 40) * 3_600_000).toISOString(), 'WG', 'user'));
    const response = await post(key, { records });
    expect(response.body).toEqual({ accepted: 10_000, rejected: [] });
  });

  it('answers 429 with Retry-After once a key made 60 requests in a minute', async () => {
    const key = await keyOf('admin@northwind-distribution.example');
    for (let i = 0; i < 60; i++) expect((await post(key, { records: [] })).status).toBe(400);
    const limited = await post(key, { records: [record('pinecrest-medical', 1)] });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((limited.body.error as { message: string }).message).toContain('more than 60 requests in a minute');
    // Another key of the same company is counted on its own.
    expect((await post(await keyOf('admin@northwind-distribution.example'), { records: [record('pinecrest-medical', 1)] })).status).toBe(200);
  });
});
