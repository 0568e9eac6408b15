import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, licensePools, products } from '@keyway/db';
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
const productId = async (code: string) => (await t.db.select({ id: products.id }).from(products).where(eq(products.code, code)))[0]!.id;

const profile = (accountName: string, name: string) => ({
  name,
  accountName,
  contactName: 'Ivo Ibis',
  contactEmail: `contact@${accountName}.example`,
  country: 'DE',
  timeZone: 'Europe/Berlin',
  language: 'de' as const,
});

describe('the vendor’s tier-1s', () => {
  it('the vendor’s administrator creates a distributor with its first administrator; its license manager may not', async () => {
    await expect(
      (await as('license-manager@keyway.example')).partners.create({
        profile: profile('ibis-distribution', 'Ibis Distribution'),
        type: 'distributor',
        admin: { name: 'Ivo Ibis', email: 'ivo@ibis-distribution.example' },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const vendor = await as('admin@keyway.example');
    const created = await vendor.partners.create({
      profile: profile('ibis-distribution', 'Ibis Distribution'),
      type: 'distributor',
      admin: { name: 'Ivo Ibis', email: 'ivo@ibis-distribution.example' },
    });
    const ibis = await companyByAccount(t.db, 'ibis-distribution');
    expect(ibis).toMatchObject({ id: created.id, kind: 'tier1', type: 'distributor', channelId: ibis.id, status: 'active' });
    // A vendor's license manager finds the tier-1 to keep its stock.
    const listed = await (await as('license-manager@keyway.example')).partners.list({ filters: { query: 'ibis' } });
    expect(listed.items.map((p) => p.name)).toEqual(['Ibis Distribution']);
  });

  it('adds units to a tier-1’s stock, which its administrator sees on its License Pool, with the movement in the ledger', async () => {
    const ibis = await companyByAccount(t.db, 'ibis-distribution');
    const ce = await productId('CE');
    const vendor = await as('license-manager@keyway.example');
    const added = await vendor.partners.stock.add({ partnerId: ibis.id, productId: ce, versionType: 'full', units: 500, reason: 'Opening stock' });
    expect(added.line.full).toEqual({ total: 500, assigned: 0, remaining: 500 });

    const pool = await (await as('ivo@ibis-distribution.example')).licensePool.list({});
    expect(pool.items.find((l) => l.productCode === 'CE')!.full).toEqual({ total: 500, assigned: 0, remaining: 500 });

    const stock = await vendor.partners.stock.get({ partnerId: ibis.id });
    expect(stock.items.find((l) => l.productCode === 'CE')!.full.total).toBe(500);
    const ledger = await vendor.partners.stock.movements({ partnerId: ibis.id });
    expect(ledger.items).toEqual([
      expect.objectContaining({ kind: 'vendor-issue', productCode: 'CE', fullUnits: 500, trialUnits: 0, actorName: expect.any(String), note: 'Opening stock' }),
    ]);
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'partner.stock.add'), eq(auditLog.companyId, ibis.id)));
    expect(audit?.after).toMatchObject({ units: 500, reason: 'Opening stock', fullTotal: 500 });
  });

  it('removes only unassigned units, and two removals racing for the same units leave the pool whole', async () => {
    const northwind = await companyByAccount(t.db, 'northwind-distribution');
    const ce = await productId('CE');
    const vendor = await as('admin@keyway.example');
    const before = (await vendor.partners.stock.get({ partnerId: northwind.id })).items.find((l) => l.productCode === 'CE')!;
    expect(before.full.assigned).toBeGreaterThan(0);
    await expect(
      vendor.partners.stock.remove({ partnerId: northwind.id, productId: ce, versionType: 'full', units: before.full.remaining + 1, reason: 'Too many' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `Northwind Distribution has ${before.full.remaining} unassigned full Cloud Email Security units: units already assigned onward cannot be removed, and ${before.full.remaining + 1} were asked for.`,
    });

    const half = Math.ceil(before.full.remaining / 2) + 1;
    const results = await Promise.allSettled([
      vendor.partners.stock.remove({ partnerId: northwind.id, productId: ce, versionType: 'full', units: half, reason: 'Returned' }),
      (await as('license-manager@keyway.example')).partners.stock.remove({ partnerId: northwind.id, productId: ce, versionType: 'full', units: half, reason: 'Returned' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const [pool] = await t.db.select().from(licensePools).where(and(eq(licensePools.companyId, northwind.id), eq(licensePools.productId, ce)));
    expect(pool!.fullTotal).toBe(before.full.total - half);
    expect(pool!.fullAssigned).toBe(before.full.assigned);

    const ledger = await vendor.partners.stock.movements({ partnerId: northwind.id, filters: { productId: ce }, limit: 1 });
    expect(ledger.items[0]).toMatchObject({ kind: 'vendor-withdrawal', fullUnits: -half, note: 'Returned' });
    expect(ledger.nextCursor).not.toBeNull();
  });

  it('shows the demo ledger’s own vendor movements, with their reasons', async () => {
    const northwind = await companyByAccount(t.db, 'northwind-distribution');
    const ledger = await (await as('support-engineer@keyway.example')).partners.stock.movements({ partnerId: northwind.id, filters: { productId: await productId('SS') }, limit: 100 });
    const vendorRows = ledger.items.filter((m) => m.actorName !== null);
    expect(vendorRows.map((m) => [m.kind, m.fullUnits, m.note])).toEqual([
      ['vendor-withdrawal', -300, 'Promotion ended: unsold promotion units returned'],
      ['vendor-issue', 300, 'Server Security launch promotion'],
    ]);
  });

  it('refuses a disabled product, a suspended tier-1, and ids that are not a tier-1', async () => {
    const vendor = await as('admin@keyway.example');
    const contoso = await companyByAccount(t.db, 'contoso-networks');
    await expect(
      vendor.partners.stock.add({ partnerId: contoso.id, productId: await productId('AV'), versionType: 'full', units: 5, reason: 'Old stock' }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: 'Classic Antivirus is disabled in the catalog: enable it before adding stock.' });
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    await expect(vendor.partners.stock.get({ partnerId: bluefin.id })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Tier-1 partner was not found.' });
    await expect(
      vendor.partners.stock.add({ partnerId: contoso.id, productId: await productId('CE'), versionType: 'full', units: 5, reason: 'x' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('Say why') });

    await vendor.partners.suspend({ id: contoso.id, reason: 'Contract review' });
    await expect(
      vendor.partners.stock.add({ partnerId: contoso.id, productId: await productId('CE'), versionType: 'full', units: 5, reason: 'Top-up' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await vendor.partners.reactivate({ id: contoso.id });
  });

  it('keeps stock with the vendor: tier-1s and the vendor’s partner account managers only read or are refused', async () => {
    const northwind = await companyByAccount(t.db, 'northwind-distribution');
    const input = { partnerId: northwind.id, productId: await productId('CE'), versionType: 'full' as const, units: 5, reason: 'Top-up' };
    for (const email of ['admin@northwind-distribution.example', 'license-manager@northwind-distribution.example', 'admin@bluefin-it.example']) {
      const api = await as(email);
      await expect(api.partners.stock.get({ partnerId: northwind.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(api.partners.stock.add(input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    const manager = await as('partner-account-manager@keyway.example');
    await expect(manager.partners.stock.get({ partnerId: northwind.id })).resolves.toMatchObject({ partner: { id: northwind.id } });
    await expect(manager.partners.stock.remove(input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await as('billing-manager@keyway.example')).partners.stock.get({ partnerId: northwind.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('the vendor reads the whole tree’s customers', () => {
  it('lists every channel’s customers and opens them, but changes none', async () => {
    const vendor = await as('admin@keyway.example');
    const all = await vendor.customers.list({ limit: 100 });
    const northwind = await (await as('admin@northwind-distribution.example')).customers.list({ limit: 100 });
    const contoso = await (await as('admin@contoso-networks.example')).customers.list({ limit: 100 });
    expect(all.total).toBe(northwind.total + contoso.total);
    const acme = all.items.find((c) => c.accountName === 'acme-dental')!;
    await expect(vendor.customers.get({ id: acme.id })).resolves.toMatchObject({ accountName: 'acme-dental' });
    await expect(vendor.customers.update({ id: acme.id, profile: { name: 'Renamed' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Refused by the privilege table before the input is even read.
    await expect(vendor.customers.create({} as never)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await as('license-manager@keyway.example')).customers.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('counts on the dashboard what the linked lists show', async () => {
    const vendor = await as('admin@keyway.example');
    const summary = await vendor.dashboard.summary();
    expect(summary.customers!.disabled).toBe((await vendor.customers.list({ filters: { status: 'disabled' } })).total);
    expect(summary.customers!.total).toBe((await vendor.customers.list({})).total);
    expect(summary.partners!.active).toBe((await vendor.partners.list({ filters: { status: 'active' } })).total);
    expect(summary.products).toEqual({
      enabled: (await vendor.catalog.list({ filters: { status: 'enabled' } })).total,
      disabled: 1,
      total: (await vendor.catalog.list({})).total,
    });
    expect((await (await as('admin@northwind-distribution.example')).dashboard.summary()).products).toBeNull();
  });
});
