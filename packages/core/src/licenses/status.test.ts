import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { licensePools, licenses, products, servicePlans, usageDaily, type License } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { customerExport, listCustomerLicenses, listCustomers } from '../customers/index.ts';
import { listPartners } from '../partners/index.ts';
import { searchCompanies } from '../search/index.ts';
import { actorFor, companyByAccount, createSeededDb } from '../testing/index.ts';
import { addDays, today } from '../dates.ts';
import { LICENSE_HEALTH_OPTIONS, licenseHealthOf, ZLicenseHealth } from './status.ts';

let t: TestDb;
let CE: string;
let EP: string;

beforeAll(async () => {
  t = await createSeededDb();
  const rows = await t.db.select().from(products);
  CE = rows.find((p) => p.code === 'CE')!.id;
  EP = rows.find((p) => p.code === 'EP')!.id;
  // Only the licenses written here; only Bluefin holds Cloud Email Security units.
  await t.db.execute(sql`truncate customer_transactions, licenses cascade`);
  await t.db.execute(sql`update license_pools set trial_total = 0, trial_assigned = 0, full_total = 0, full_assigned = 0`);
  const bluefin = await companyByAccount(t.db, 'bluefin-it');
  await t.db
    .insert(licensePools)
    .values({ companyId: bluefin.id, channelId: bluefin.channelId, partnerId: bluefin.partnerId, productId: CE, fullTotal: 10 })
    .onConflictDoUpdate({ target: [licensePools.companyId, licensePools.productId], set: { fullTotal: 10 } });

  const day = today();
  await license('acme-dental', 'bluefin-it', CE, { status: 'active', expiresOn: addDays(day, 100) });
  await license('golden-gate-arch', 'bluefin-it', EP, { status: 'active', expiresOn: addDays(day, 10) });
  await license('beacon-accounting', 'harbor-resellers', EP, { status: 'grace', expiresOn: addDays(day, -3), graceEndsOn: addDays(day, 27) });
  await license('pinecrest-medical', 'northwind-distribution', CE, { status: 'pending', expiresOn: addDays(day, 5) });
  await license('sequoia-law', 'bluefin-it', CE, { status: 'discontinued', expiresOn: addDays(day, 5) });
  await license('globex', 'summit-msp', CE, { status: 'expired', expiresOn: addDays(day, -60) });
});
afterAll(() => t.drop());

async function license(customerAccount: string, managerAccount: string, productId: string, values: Partial<License>) {
  const customer = await companyByAccount(t.db, customerAccount);
  const manager = await companyByAccount(t.db, managerAccount);
  const [plan] = await t.db
    .insert(servicePlans)
    .values({
      companyId: manager.id,
      channelId: manager.channelId,
      partnerId: manager.partnerId,
      name: `Status plan ${customerAccount}`,
      productId,
      versionType: 'full',
      unitType: 'user',
      initialPeriodMonths: 12,
    })
    .returning();
  await t.db.insert(licenses).values({
    companyId: customer.id,
    channelId: customer.channelId,
    partnerId: customer.partnerId,
    customerId: customer.customerId,
    managingCompanyId: manager.id,
    planId: plan!.id,
    productId,
    versionType: 'full',
    unitType: 'user',
    units: 5,
    status: 'active',
    startsOn: '2026-01-01',
    chargeStartsOn: '2026-01-01',
    expiresOn: '2027-01-01',
    expirationNoticeDays: 30,
    ...values,
  });
}

const names = (page: { items: { name: string }[] }) => page.items.map((i) => i.name).sort();

describe('license status', () => {
  it('is expiring soon inside the notice window, expired past expiry, normal otherwise, none when discontinued', () => {
    const base = { expiresOn: '2026-12-31', expirationNoticeDays: 30 };
    expect(licenseHealthOf({ ...base, status: 'active' }, '2026-12-01')).toBe('expiring-soon');
    expect(licenseHealthOf({ ...base, status: 'active' }, '2026-11-30')).toBe('normal');
    expect(licenseHealthOf({ ...base, status: 'pending' }, '2026-12-30')).toBe('normal');
    expect(licenseHealthOf({ ...base, status: 'grace' }, '2027-01-05')).toBe('expired');
    expect(licenseHealthOf({ ...base, status: 'expired' })).toBe('expired');
    expect(licenseHealthOf({ ...base, status: 'suspended' })).toBe('expired');
    expect(licenseHealthOf({ ...base, status: 'discontinued' })).toBeNull();
  });

  it('offers every status, over-allocated included', () => {
    expect(LICENSE_HEALTH_OPTIONS.map((o) => o.value)).toEqual(['normal', 'expiring-soon', 'expired', 'over-allocated']);
    expect(ZLicenseHealth.safeParse('over-allocated').success).toBe(true);
  });
});

describe('customers list: product and license status filters', () => {
  it('finds the customers of the tier-1’s channel with a license in that status or of that product', async () => {
    const actor = await actorFor(t.db, 'admin@northwind-distribution.example');
    const list = (filters: Parameters<typeof listCustomers>[2]['filters']) => listCustomers(t.db, actor, { filters, limit: 100 });
    expect(names(await list({ licenseStatus: 'expiring-soon' }))).toEqual(['Golden Gate Architects']);
    expect(names(await list({ licenseStatus: 'expired' }))).toEqual(['Beacon Hill Accounting']);
    expect(names(await list({ licenseStatus: 'normal' }))).toEqual(['Acme Dental Group', 'Pinecrest Medical Center']);
    // A discontinued license is not a license of the product any more.
    expect(names(await list({ productId: CE }))).toEqual(['Acme Dental Group', 'Pinecrest Medical Center']);
    expect(names(await list({ productId: EP, licenseStatus: 'expired' }))).toEqual(['Beacon Hill Accounting']);
    expect((await list({ productId: CE, licenseStatus: 'expiring-soon' })).total).toBe(0);
  });

  it('exports what the filters select', async () => {
    const actor = await actorFor(t.db, 'admin@northwind-distribution.example');
    const prepared = await customerExport.prepare(t.db, actor, { format: 'csv', filters: { productId: EP, licenseStatus: 'expired' } });
    expect(prepared.rows).toBe(1);
    expect(customerExport.inputFromQuery(new URL(`http://x${prepared.url}`).searchParams).filters).toMatchObject({
      productId: EP,
      licenseStatus: 'expired',
    });
  });

  it('never reaches another subtree', async () => {
    const bluefin = await actorFor(t.db, 'admin@bluefin-it.example');
    expect(names(await listCustomers(t.db, bluefin, { filters: { licenseStatus: 'expired' } }))).toEqual([]);
    const contoso = await actorFor(t.db, 'admin@contoso-networks.example');
    expect(names(await listCustomers(t.db, contoso, { filters: { licenseStatus: 'expired' } }))).toEqual(['Globex Logistics']);
  });
});

describe('partners list: product and license status filters', () => {
  it('finds the partners whose customers have a license in that status, or that sell the product', async () => {
    const actor = await actorFor(t.db, 'admin@northwind-distribution.example');
    const list = (filters: Parameters<typeof listPartners>[2]['filters']) => listPartners(t.db, actor, { filters });
    expect(names(await list({ licenseStatus: 'expiring-soon' }))).toEqual(['Bluefin IT Services']);
    expect(names(await list({ licenseStatus: 'expired' }))).toEqual(['Harbor Resellers']);
    expect(names(await list({ productId: CE }))).toEqual(['Bluefin IT Services']);
    expect(names(await list({ productId: EP, licenseStatus: 'expired' }))).toEqual(['Harbor Resellers']);
  });

  it('finds a vendor’s tier-1 by the licenses of its whole channel', async () => {
    const vendor = await actorFor(t.db, 'admin@keyway.example');
    expect(names(await listPartners(t.db, vendor, { filters: { licenseStatus: 'expired' } }))).toEqual([
      'Contoso Networks',
      'Northwind Distribution',
    ]);
    expect(names(await listPartners(t.db, vendor, { filters: { licenseStatus: 'expiring-soon' } }))).toEqual(['Northwind Distribution']);
  });
});

describe('search: product and license status filters', () => {
  it('narrows customers and partners alike', async () => {
    const actor = await actorFor(t.db, 'admin@northwind-distribution.example');
    const search = (input: Partial<Parameters<typeof searchCompanies>[2]>) =>
      searchCompanies(t.db, actor, { query: 'example', limit: 100, ...input });
    expect(names(await search({ licenseStatus: 'expired' }))).toEqual(['Beacon Hill Accounting', 'Harbor Resellers']);
    expect(names(await search({ licenseStatus: 'expiring-soon', kind: 'customer' }))).toEqual(['Golden Gate Architects']);
    expect(names(await search({ productId: CE }))).toEqual(['Acme Dental Group', 'Bluefin IT Services', 'Pinecrest Medical Center']);
    expect(names(await search({ licenseStatus: 'over-allocated' }))).toEqual([]);
  });
});

describe('over-allocated: a customer using more than its live licenses hold', () => {
  async function used(customerAccount: string, productId: string, maxUsed: number, day = today()) {
    const customer = await companyByAccount(t.db, customerAccount);
    await t.db.insert(usageDaily).values({
      customerId: customer.id,
      channelId: customer.channelId,
      partnerId: customer.partnerId,
      productId,
      unitType: 'user',
      day,
      maxUsed,
      lastAt: new Date(`${day}T12:00:00Z`),
    });
  }

  beforeAll(async () => {
    await t.db.execute(sql`truncate usage_daily`); // only the usage written here
    await used('acme-dental', CE, 4, addDays(today(), -1));
    await used('acme-dental', CE, 6); // today, over its 5 units
    await used('golden-gate-arch', EP, 5); // exactly what it holds
    await used('beacon-accounting', EP, 9, addDays(today(), -8)); // over, but no report this week
    await used('globex', CE, 50); // over, but its license expired: nothing live to over-allocate
  });
  afterAll(() => t.db.execute(sql`truncate usage_daily`));

  it('filters the customers, their partners and the search by it', async () => {
    const tier1 = await actorFor(t.db, 'admin@northwind-distribution.example');
    expect(names(await listCustomers(t.db, tier1, { filters: { licenseStatus: 'over-allocated' }, limit: 100 }))).toEqual(['Acme Dental Group']);
    expect(names(await listPartners(t.db, tier1, { filters: { licenseStatus: 'over-allocated' } }))).toEqual(['Bluefin IT Services']);
    expect(names(await searchCompanies(t.db, tier1, { query: 'example', licenseStatus: 'over-allocated', limit: 100 }))).toEqual([
      'Acme Dental Group',
      'Bluefin IT Services',
    ]);
  });

  it('shows on the customer’s Licenses tab with the units in use', async () => {
    const msp = await actorFor(t.db, 'admin@bluefin-it.example');
    const acme = await companyByAccount(t.db, 'acme-dental');
    const page = await listCustomerLicenses(t.db, msp, { customerId: acme.id });
    expect(page.items.map((l) => ({ overAllocated: l.overAllocated, reportedUsed: l.reportedUsed }))).toEqual([
      { overAllocated: true, reportedUsed: 6 },
    ]);
  });
});
