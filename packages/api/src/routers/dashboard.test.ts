import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDb } from '@keyway/db/testing';
import { createSeededDb } from '@keyway/core/testing';
import { callerAs } from '../testing/callers.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createSeededDb();
});
afterAll(() => t.drop());

const as = (email: string) => callerAs(t.db, email);

describe('dashboard.summary', () => {
  it("counts a tier-1's customers and partners by status, its own channel only", async () => {
    const api = await as('admin@northwind-distribution.example');
    expect(await api.dashboard.summary()).toEqual({
      customers: { enabled: 14, disabled: 2, total: 16 },
      partners: { active: 2, suspended: 0, canceled: 0, total: 2 },
      products: null,
    });
  });

  it("counts an MSP's own customers and shows it no partner widget", async () => {
    const api = await as('admin@summit-msp.example');
    expect(await api.dashboard.summary()).toEqual({
      customers: { enabled: 5, disabled: 1, total: 6 },
      partners: null,
      products: null,
    });
  });

  it("counts the vendor's partners as the partner list it links to lists them, with each tier-1's whole channel of customers", async () => {
    const vendor = await as('admin@keyway.example');
    const { partners } = await vendor.dashboard.summary();
    for (const status of ['active', 'suspended', 'canceled'] as const) {
      const listed = await vendor.partners.list({ filters: { status } });
      expect({ status, count: partners![status] }).toEqual({ status, count: listed.total });
    }
    expect(partners!.total).toBe((await vendor.partners.list({})).total);

    const northwind = (await vendor.partners.list({ filters: { query: 'northwind' } })).items[0]!;
    const ownCount = (await (await as('admin@northwind-distribution.example')).dashboard.summary()).customers!.total;
    expect(ownCount).toBe(16);
    expect(northwind.customerCount).toBe(ownCount);
    expect((await vendor.partners.get({ id: northwind.id })).customerCount).toBe(ownCount);
  });

  it('shows a billing manager neither list', async () => {
    const api = await as('billing-manager@northwind-distribution.example');
    expect(await api.dashboard.summary()).toEqual({ customers: null, partners: null, products: null });
  });
});

describe('dashboard.licenseHistory and dashboard.expiringLicenses', () => {
  it("give every role that reads the customer summary its channel's license figures", async () => {
    for (const email of ['admin@northwind-distribution.example', 'billing-manager@northwind-distribution.example', 'support-engineer@northwind-distribution.example']) {
      const api = await as(email);
      const { points } = await api.dashboard.licenseHistory({});
      expect(points).toHaveLength(13);
      const expiring = await api.dashboard.expiringLicenses({ limit: 5 });
      expect(expiring.items.map((item) => item.customerName)).toContain('Sequoia Law Partners');
      expect(expiring.items.map((item) => item.customerName)).not.toContain('Globex Logistics');
    }
  });

  it("give an MSP its own customers' licenses only", async () => {
    const api = await as('admin@summit-msp.example');
    const names = (await api.dashboard.expiringLicenses({})).items.map((item) => item.customerName);
    expect(names).toContain('Globex Logistics');
    expect(names).not.toContain('Alpenblick Hotels');
  });

  it('refuse roles and tiers without the customer summary (FORBIDDEN), and bad input with a reason', async () => {
    for (const email of ['partner-account-manager@northwind-distribution.example', 'admin@keyway.example']) {
      const api = await as(email);
      await expect(api.dashboard.licenseHistory({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(api.dashboard.expiringLicenses({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    const api = await as('admin@northwind-distribution.example');
    await expect(api.dashboard.licenseHistory({ weeks: 1 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'weeks: Show at least 2 weeks.' });
    await expect(api.dashboard.expiringLicenses({ limit: 500 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'limit: List at most 50 licenses.' });
  });
});
