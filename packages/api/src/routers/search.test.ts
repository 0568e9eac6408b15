import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { TestDb } from '@keyway/db/testing';
import { companyByAccount, createSeededDb } from '@keyway/core/testing';
import { callerAs } from '../testing/callers.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createSeededDb();
});
afterAll(() => t.drop());

const as = (email: string) => callerAs(t.db, email);

describe('search.companies', () => {
  it('finds customers of its own channel by a case-insensitive substring of name, account or email', async () => {
    const api = await as('admin@northwind-distribution.example');
    const byName = await api.search.companies({ query: 'DENTAL' });
    expect(byName.items.map((i) => i.name)).toEqual(['Acme Dental Group']);
    expect(byName.items[0]).toMatchObject({ kind: 'customer', parentName: 'Bluefin IT Services', status: 'enabled' });
    const byAccount = await api.search.companies({ query: 'golden-gate' });
    expect(byAccount.items.map((i) => i.accountName)).toEqual(['golden-gate-arch']);
    const byEmail = await api.search.companies({ query: 'admin@sequoia' });
    expect(byEmail.items.map((i) => i.name)).toEqual(['Sequoia Law Partners']);
  });

  it('never returns a company of another channel, whatever the query', async () => {
    const api = await as('admin@northwind-distribution.example');
    expect((await api.search.companies({ query: 'globex' })).items).toEqual([]);
    const all = await api.search.companies({ query: 'example', limit: 100 });
    const contoso = await companyByAccount(t.db, 'contoso-networks');
    expect(all.total).toBeGreaterThan(10);
    for (const hit of all.items) expect(hit.parentId).not.toBe(contoso.id);
    expect(all.items.map((i) => i.name)).not.toContain('Globex Logistics');
    const globex = await companyByAccount(t.db, 'globex');
    expect((await api.search.companies({ query: globex.id })).items).toEqual([]);
  });

  it('lets a tier-2 see only its own customers, and a tier-1 also its partners', async () => {
    const msp = await as('admin@bluefin-it.example');
    const mine = await msp.search.companies({ query: 'example', limit: 100 });
    expect(mine.items.every((i) => i.parentName === 'Bluefin IT Services')).toBe(true);
    expect(mine.items.map((i) => i.kind)).not.toContain('tier2');
    expect(mine.total).toBe(6);

    const tier1 = await as('admin@northwind-distribution.example');
    const partners = await tier1.search.companies({ query: 'example', kind: 'partner' });
    expect(partners.items.map((i) => i.name).sort()).toEqual(['Bluefin IT Services', 'Harbor Resellers']);
  });

  it('finds a company by its id within scope', async () => {
    const acme = await companyByAccount(t.db, 'acme-dental');
    const api = await as('admin@bluefin-it.example');
    expect((await api.search.companies({ query: acme.id })).items.map((i) => i.id)).toEqual([acme.id]);
  });

  it('ranks an exact account name first and pages with a cursor', async () => {
    const api = await as('admin@northwind-distribution.example');
    const page1 = await api.search.companies({ query: 'example', limit: 5 });
    expect(page1.items).toHaveLength(5);
    expect(page1.nextCursor).toEqual(expect.any(String));
    // More than a page: no exact count, only that there is more.
    expect(page1.total).toBeNull();
    const page2 = await api.search.companies({ query: 'example', limit: 5, cursor: page1.nextCursor! });
    expect(page2.items.map((i) => i.id)).not.toEqual(expect.arrayContaining([page1.items[0]!.id]));
    const exact = await api.search.companies({ query: 'orca-marine' });
    expect(exact.items[0]?.accountName).toBe('orca-marine');
  });

  it('pages through every match once, exact matches first, then names that start with the query', async () => {
    const api = await as('admin@northwind-distribution.example');
    const all = await api.search.companies({ query: 'example', limit: 100 });
    expect(all.nextCursor).toBeNull();
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.search.companies({ query: 'example', limit: 3, cursor });
      expect(page.items.length).toBeLessThanOrEqual(3);
      paged.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(all.items.map((i) => i.id));

    const names = (await api.search.companies({ query: 'bluefin' })).items.map((i) => i.name);
    expect(names[0]).toBe('Bluefin IT Services');
    const byOrder = await api.search.companies({ query: 'b', limit: 100 });
    expect(byOrder.items.length).toBeGreaterThan(0);
    // One or two characters match the beginning of a name only, in name order.
    for (const hit of byOrder.items) expect(hit.name.toLowerCase().startsWith('b')).toBe(true);
    const sorted = byOrder.items.map((i) => i.name.toLowerCase());
    expect(sorted).toEqual([...sorted].sort());
  });

  it('answers a cursor it did not make with a clear message', async () => {
    const api = await as('admin@northwind-distribution.example');
    await expect(api.search.companies({ query: 'example', cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'This page link is no longer valid. Go back to the first page.',
    });
  });

  it('treats % and _ as plain characters', async () => {
    const api = await as('admin@northwind-distribution.example');
    expect((await api.search.companies({ query: '%' })).items).toEqual([]);
    expect((await api.search.companies({ query: '_' })).items).toEqual([]);
  });

  it('filters by status', async () => {
    const api = await as('admin@northwind-distribution.example');
    const disabled = await api.search.companies({ query: 'example', status: 'disabled', limit: 100 });
    expect(disabled.items.map((i) => i.name).sort()).toEqual(['Bayview Logistics', 'Cascade School District']);
  });

  it('rejects bad input with a message naming the field', async () => {
    const api = await as('admin@northwind-distribution.example');
    await expect(api.search.companies({ query: '' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('query'),
    });
    await expect(api.search.companies({ query: 'x', limit: 1000 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('is refused to roles that see neither customers nor partners', async () => {
    const api = await as('billing-manager@northwind-distribution.example');
    await expect(api.search.companies({ query: 'acme' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('search.licenseFilterOptions', () => {
  it('offers every product of the catalog and the license statuses the lists filter by', async () => {
    const api = await as('admin@bluefin-it.example');
    const options = await api.search.licenseFilterOptions();
    const catalog = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from products`);
    expect(options.products).toHaveLength(catalog[0]!.n);
    expect(options.statuses.map((s) => s.value)).toContain('over-allocated');
  });

  it('is refused to roles that see neither customers nor partners', async () => {
    const api = await as('billing-manager@northwind-distribution.example');
    await expect(api.search.licenseFilterOptions()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
