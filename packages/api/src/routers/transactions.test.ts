import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { customerTransactions, licenses, products, servicePlans, type Company } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { recordTransaction } from '@keyway/core/licenses';
import { companyByAccount, createSeededDb } from '@keyway/core/testing';
import { callerAs } from '../testing/callers.ts';

let t: TestDb;
let productIds: { CE: string; EP: string };
const ids: Record<string, number> = {};

beforeAll(async () => {
  t = await createSeededDb();
  const rows = await t.db.select().from(products);
  productIds = { CE: rows.find((p) => p.code === 'CE')!.id, EP: rows.find((p) => p.code === 'EP')!.id };
  // Only the rows written here, so counts are exact.
  await t.db.execute(sql`truncate customer_transactions`);
  await transaction('acme-dental', 'bluefin-it', 'CE', 'new-purchase', 10, '2 days');
  await transaction('acme-dental', 'bluefin-it', 'CE', 'license-change', 15, '1 day');
  await transaction('beacon-accounting', 'harbor-resellers', 'EP', 'new-purchase', 5, '3 days');
  await transaction('pinecrest-medical', 'northwind-distribution', 'EP', 'discontinue', 0, '4 days');
  await transaction('globex', 'summit-msp', 'CE', 'new-purchase', 7, '1 day');
  // Older than the 24 months the month filter offers (not pruned yet).
  await transaction('acme-dental', 'bluefin-it', 'EP', 'new-purchase', 2, '800 days');
});
afterAll(async () => {
  await t.drop();
});

async function transaction(customerAccount: string, managerAccount: string, code: 'CE' | 'EP', type: 'new-purchase' | 'license-change' | 'discontinue', units: number, ago: string) {
  const customer: Company = await companyByAccount(t.db, customerAccount);
  const manager = await companyByAccount(t.db, managerAccount);
  const productId = productIds[code];
  await t.db.transaction(async (tx) => {
    const [plan] = await tx
      .insert(servicePlans)
      .values({
        companyId: manager.id,
        channelId: manager.channelId,
        partnerId: manager.partnerId,
        customerId: manager.customerId,
        name: `${code} plan ${customerAccount} ${type} ${ago}`,
        productId,
        versionType: 'full',
        unitType: 'mailbox',
        initialPeriodMonths: 12,
      })
      .returning();
    const [license] = await tx
      .insert(licenses)
      .values({
        companyId: customer.id,
        channelId: customer.channelId,
        partnerId: customer.partnerId,
        customerId: customer.customerId,
        managingCompanyId: manager.id,
        planId: plan!.id,
        productId,
        versionType: 'full',
        unitType: 'mailbox',
        units: Math.max(units, 1),
        status: type === 'discontinue' ? 'discontinued' : 'active',
        startsOn: '2026-01-01',
        chargeStartsOn: '2026-01-01',
        expiresOn: '2027-01-01',
      })
      .returning();
    await recordTransaction(tx, license!, {
      type,
      previousUnits: type === 'new-purchase' ? 0 : 10,
      previousChargeStartsOn: type === 'new-purchase' ? null : '2025-01-01',
      actor: null,
      note: `${customerAccount} ${type}`,
    });
    const [row] = await tx
      .update(customerTransactions)
      .set({ at: sql`now() - ${ago}::interval` })
      .where(eq(customerTransactions.licenseId, license!.id))
      .returning({ id: customerTransactions.id });
    ids[`${customerAccount} ${type} ${code}`] = row!.id;
  });
}

const as = (email: string) => callerAs(t.db, email);
const notes = (page: { items: { note: string | null }[] }) => page.items.map((i) => i.note);
const thisMonth = () => new Date().toISOString().slice(0, 7);

describe('transactions.list', () => {
  it('shows a tier-1 the transactions of its whole channel, newest first, and nothing of another channel', async () => {
    const api = await as('admin@northwind-distribution.example');
    const page = await api.transactions.list({});
    expect(notes(page)).toEqual([
      'acme-dental license-change',
      'acme-dental new-purchase',
      'beacon-accounting new-purchase',
      'pinecrest-medical discontinue',
      'acme-dental new-purchase',
    ]);
    expect(page.total).toBe(5);
    expect(page.items[0]).toMatchObject({
      type: 'license-change',
      customerName: 'Acme Dental Group',
      productName: 'Cloud Email Security',
      previousUnits: 10,
      newUnits: 15,
      change: 5,
      unitType: 'mailbox',
      previousChargeStartsOn: '2025-01-01',
      newChargeStartsOn: '2026-01-01',
      actorEmail: null,
    });
  });

  it('filters by type, product and company within the subtree', async () => {
    const api = await as('license-manager@northwind-distribution.example');
    expect(notes(await api.transactions.list({ filters: { type: 'new-purchase' } }))).toEqual([
      'acme-dental new-purchase',
      'beacon-accounting new-purchase',
      'acme-dental new-purchase',
    ]);
    expect(notes(await api.transactions.list({ filters: { productId: productIds.EP } }))).toEqual([
      'beacon-accounting new-purchase',
      'pinecrest-medical discontinue',
      'acme-dental new-purchase',
    ]);
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const beacon = await companyByAccount(t.db, 'beacon-accounting');
    expect(notes(await api.transactions.list({ filters: { companyId: bluefin.id, type: 'new-purchase', productId: productIds.CE } }))).toEqual([
      'acme-dental new-purchase',
    ]);
    expect(notes(await api.transactions.list({ filters: { companyId: beacon.id } }))).toEqual(['beacon-accounting new-purchase']);
  });

  it('filters by one of the last 24 months, in the person’s time zone, and refuses older months', async () => {
    const api = await as('admin@northwind-distribution.example');
    const options = await api.transactions.filterOptions({ timeZone: 'Europe/Berlin' });
    expect(options.months).toHaveLength(24);
    expect(options.types.map((o) => o.value)).toContain('suite-composition-change');
    expect(options.products.map((p) => p.name)).toContain('Cloud Email Security');
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const globex = await companyByAccount(t.db, 'globex');
    expect((await api.transactions.filterOptions({ companyId: bluefin.id })).company).toMatchObject({ name: 'Bluefin IT Services' });
    expect((await api.transactions.filterOptions({ companyId: globex.id })).company).toBeNull();

    const month = thisMonth();
    const page = await api.transactions.list({ filters: { month, timeZone: 'UTC' } });
    // Whatever the day of the month, last month's rows are not in this month's list.
    const inMonth = (await t.db.execute<{ note: string }>(sql`select note from customer_transactions
      where channel_id = (select id from companies where account_name = 'northwind-distribution')
        and to_char(at at time zone 'UTC', 'YYYY-MM') = ${month} order by at desc, id desc`)).map((r) => r.note);
    expect(notes(page)).toEqual(inMonth);

    await expect(api.transactions.list({ filters: { month: '2001-01' } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Transactions are kept for 24 months: choose one of them.',
    });
    await expect(api.transactions.list({ filters: { month: '2026-13' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(api.transactions.list({ filters: { timeZone: 'Mars/Olympus' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('pages by (time, id) without losing or repeating a row', async () => {
    const api = await as('admin@northwind-distribution.example');
    const seen: (string | null)[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await api.transactions.list({ limit: 2, cursor });
      seen.push(...notes(page));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen.map((n, i) => `${n}${i}`)).size).toBe(5);
    expect(notes(await api.transactions.list({ limit: 5 }))).toEqual(seen);
    await expect(api.transactions.list({ cursor: 'yesterday' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('shows a tier-2 only its own customers, and another subtree’s ids answer NOT_FOUND', async () => {
    const api = await as('admin@bluefin-it.example');
    expect(notes(await api.transactions.list({}))).toEqual([
      'acme-dental license-change',
      'acme-dental new-purchase',
      'acme-dental new-purchase',
    ]);
    for (const account of ['beacon-accounting', 'harbor-resellers', 'globex', 'summit-msp', 'contoso-networks', 'northwind-distribution']) {
      const other = await companyByAccount(t.db, account);
      await expect(api.transactions.list({ filters: { companyId: other.id } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(api.transactions.export({ format: 'csv', filters: { companyId: other.id } })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    }
    // Filters that name nothing of its own find nothing else either.
    expect((await api.transactions.list({ filters: { productId: productIds.EP, type: 'discontinue' } })).items).toEqual([]);
    const contoso = await as('admin@contoso-networks.example');
    expect(notes(await contoso.transactions.list({}))).toEqual(['globex new-purchase']);
    const acme = await companyByAccount(t.db, 'acme-dental');
    await expect(contoso.transactions.list({ filters: { companyId: acme.id } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('is for partner staff: a customer’s administrator is refused', async () => {
    const customer = await as('admin@acme-dental.example');
    await expect(customer.transactions.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(customer.transactions.export({ format: 'csv', filters: {} })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('transactions.export', () => {
  it('answers the download address of the filtered rows and how many there are', async () => {
    const api = await as('admin@northwind-distribution.example');
    const summary = await api.transactions.export({ format: 'xlsx', filters: { type: 'new-purchase', timeZone: 'Europe/Berlin' } });
    expect(summary).toEqual({
      url: '/api/exports/transactions?format=xlsx&type=new-purchase&timeZone=Europe%2FBerlin',
      rows: 3,
      format: 'xlsx',
    });
    await expect(api.transactions.export({ format: 'pdf' as 'csv', filters: {} })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
