import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { auditLog, keyBatches, licensePoolMovements, registrationKeys } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { installJobs, withJobQueue } from '../jobs/index.ts';
import { listLicenseRequests, listPools } from '../license-pool/index.ts';
import { listBatches } from '../registration-keys/index.ts';
import { createSeededDb } from '../testing/index.ts';
import { seedKeyBatches } from './key-batches.ts';
import { seedLicenseRequests } from './license-requests.ts';
import { actorOf } from './usage-reports.ts';

describe('seedLicenseRequests and seedKeyBatches', () => {
  let t: TestDb;
  const seed = () =>
    withJobQueue(t.url, async (jobs) => {
      await seedLicenseRequests(t.db, jobs, 'http://localhost:3000');
      await seedKeyBatches(t.db, jobs);
    });
  beforeAll(async () => {
    t = await createSeededDb();
    await installJobs(t.url);
    await seed();
  });
  afterAll(async () => t?.drop());

  /** A company's stocked products as its dashboard lists them: code, full units left, minimum, status. */
  const pools = async (email: string) => {
    const { items } = await listPools(t.db, await actorOf(t.db, email), { limit: 100 });
    return items
      .filter((line) => line.poolId !== null)
      .map((line) => ({ code: line.productCode, left: line.full.remaining, minimum: line.minimum, status: line.status }))
      .sort((a, b) => a.code.localeCompare(b.code));
  };

  it('gives each tier-1 a pool with one product below its minimum and the others above', async () => {
    expect(await pools('admin@northwind-distribution.example')).toEqual([
      { code: 'CE', left: 1400, minimum: 500, status: 'normal' },
      { code: 'EP', left: 2080, minimum: 1000, status: 'normal' },
      { code: 'SS', left: 496, minimum: 600, status: 'low' },
      { code: 'WG', left: 800, minimum: 300, status: 'normal' },
    ]);
    expect(await pools('admin@contoso-networks.example')).toEqual([
      { code: 'CE', left: 1500, minimum: 500, status: 'normal' },
      { code: 'EP', left: 2140, minimum: 1000, status: 'normal' },
      { code: 'SS', left: 500, minimum: 150, status: 'normal' },
      { code: 'WG', left: 800, minimum: 900, status: 'low' },
    ]);
  });

  it('leaves pending requests for both tier-1s, one approved with its units moved, one rejected with its reason', async () => {
    const requests = async (email: string) => {
      const { items } = await listLicenseRequests(t.db, await actorOf(t.db, email), { limit: 100, sort: { by: 'createdAt', direction: 'asc' } });
      return items.map((r) => ({ from: r.companyName, product: r.productName, units: r.units, status: r.status, reason: r.rejectionReason }));
    };
    expect(await requests('admin@northwind-distribution.example')).toEqual([
      { from: 'Bluefin IT Services', product: 'Cloud Email Security', units: 100, status: 'approved', reason: null },
      { from: 'Bluefin IT Services', product: 'Endpoint Protection', units: 150, status: 'pending', reason: null },
      { from: 'Bluefin IT Services', product: 'Web Gateway', units: 10, status: 'pending', reason: null },
    ]);
    expect(await requests('admin@contoso-networks.example')).toEqual([
      { from: 'Summit Managed Services', product: 'Endpoint Protection', units: 800, status: 'rejected', reason: expect.stringContaining('40 devices') },
      { from: 'Summit Managed Services', product: 'Cloud Email Security', units: 60, status: 'pending', reason: null },
    ]);
    // The approved units are in Bluefin's pool, through the ledger.
    const bluefin = await pools('admin@bluefin-it.example');
    expect(bluefin.find((line) => line.code === 'CE')?.left).toBe(350);
    const moved = await t.db.select().from(licensePoolMovements).where(eq(licensePoolMovements.kind, 'request-approved'));
    // Out of Northwind's pool, into Bluefin's: both sides carry the request.
    expect(moved.map((m) => Math.abs(m.fullUnits))).toEqual([100, 100]);
    expect(moved.every((m) => m.requestId !== null)).toBe(true);
    const audited = await t.db.select({ action: auditLog.action }).from(auditLog).where(inArray(auditLog.action, ['license-pool.request', 'license-pool.request.approve', 'license-pool.request.reject', 'license-pool.set-minimum']));
    expect(audited.filter((a) => a.action === 'license-pool.request')).toHaveLength(5);
    expect(audited.filter((a) => a.action === 'license-pool.set-minimum')).toHaveLength(8);
  });

  it("leaves Ready key batches of different sizes with Bluefin and Harbor, seen by Northwind, none in Contoso's channel", async () => {
    const batches = async (email: string) => {
      const { items } = await listBatches(t.db, await actorOf(t.db, email), { limit: 10 });
      return items.map((b) => `${b.count} ${b.planName} ${b.status} ${b.generated}`).sort();
    };
    expect(await batches('admin@harbor-resellers.example')).toEqual(['40 Email Security Annual ready 40']);
    expect(await batches('admin@northwind-distribution.example')).toEqual([
      '250 Endpoint Protection Annual ready 250',
      '40 Email Security Annual ready 40',
    ]);
    expect(await batches('admin@contoso-networks.example')).toEqual([]);
    expect(await t.db.$count(registrationKeys)).toBe(290);
  });

  it('runs once', async () => {
    await seed();
    expect(await t.db.$count(keyBatches)).toBe(2);
    expect(await t.db.$count(licensePoolMovements, eq(licensePoolMovements.kind, 'request-approved'))).toBe(2);
  });
});
