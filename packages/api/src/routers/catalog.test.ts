import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { auditLog, products, servicePlans } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { createSeededDb } from '@keyway/core/testing';
import { callerAs } from '../testing/callers.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createSeededDb();
});
afterAll(() => t.drop());

const as = (email: string) => callerAs(t.db, email);
const product = async (code: string) => (await t.db.select().from(products).where(eq(products.code, code)))[0]!;
const audits = async (targetId: string) =>
  (await t.db.select().from(auditLog).where(eq(auditLog.targetId, targetId))).map((a) => a.action);

describe('catalog.list', () => {
  it('lists the vendor’s products with their flags, filtered by status; the demo has a disabled one', async () => {
    const vendor = await as('support-engineer@keyway.example');
    const all = await vendor.catalog.list({ sort: { by: 'code', direction: 'asc' } });
    expect(all.items.map((p) => p.code)).toEqual(['AV', 'BK', 'CE', 'EP', 'SS', 'WG']);
    expect(all.items.find((p) => p.code === 'SS')).toMatchObject({ name: 'Server Security', unitTypes: ['server'], needsActivationCode: true, reportsUsage: false, enabled: true });
    const disabled = await vendor.catalog.list({ filters: { status: 'disabled' } });
    expect(disabled.items.map((p) => p.name)).toEqual(['Classic Antivirus']);
    expect(disabled.total).toBe(1);
    const paged = await vendor.catalog.list({ limit: 4 });
    const next = await vendor.catalog.list({ limit: 4, cursor: paged.nextCursor! });
    expect([...paged.items, ...next.items].map((p) => p.name)).toEqual(all.items.map((p) => p.name).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));
  });

  it('is the vendor’s: a tier-1 and an MSP are refused', async () => {
    for (const email of ['admin@northwind-distribution.example', 'admin@bluefin-it.example']) {
      await expect((await as(email)).catalog.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});

describe('catalog.create / update / setEnabled', () => {
  it('lets the vendor’s license manager add a product, edit it and disable it, each audited', async () => {
    const api = await as('license-manager@keyway.example');
    const created = await api.catalog.create({ code: 'mx', name: 'Mail Archive', description: 'Keeps mail for ten years.', unitTypes: ['Mailbox'], reportsUsage: true });
    expect(created).toMatchObject({ code: 'MX', name: 'Mail Archive' });
    expect(await product('MX')).toMatchObject({ unitTypes: ['mailbox'], enabled: true, saas: true, needsActivationCode: false });
    await api.catalog.update({ id: created.id, name: 'Mail Archive Plus', unitTypes: ['mailbox', 'user'], needsActivationCode: true });
    expect(await product('MX')).toMatchObject({ name: 'Mail Archive Plus', unitTypes: ['mailbox', 'user'], needsActivationCode: true, code: 'MX' });
    await expect(api.catalog.setEnabled({ id: created.id, enabled: false })).resolves.toMatchObject({ enabled: false });
    await expect(api.catalog.setEnabled({ id: created.id, enabled: false })).rejects.toMatchObject({ code: 'CONFLICT', message: 'Mail Archive Plus is already disabled.' });
    await api.catalog.setEnabled({ id: created.id, enabled: true });
    expect(await audits(created.id)).toEqual(['product.create', 'product.update', 'product.disable', 'product.enable']);
  });

  it('refuses a code in use, a malformed code and an empty unit list with messages that say what to fix', async () => {
    const api = await as('admin@keyway.example');
    await expect(api.catalog.create({ code: 'EP', name: 'Another', unitTypes: ['device'] })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'Another product already uses the code "EP": choose another two letters.',
    });
    await expect(api.catalog.create({ code: 'E1', name: 'Another', unitTypes: ['device'] })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('The code is two letters') });
    await expect(api.catalog.create({ code: 'QQ', name: 'Another', unitTypes: [] })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('at least one unit type') });
    const ep = await product('EP');
    await expect(api.catalog.update({ id: ep.id })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(api.catalog.setEnabled({ id: '00000000-0000-4000-8000-000000000000', enabled: false })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Product was not found.' });
  });

  it('keeps changes with the roles the table names: support reads, partners never write', async () => {
    const ep = await product('EP');
    for (const email of ['support-engineer@keyway.example', 'billing-manager@keyway.example', 'partner-account-manager@keyway.example', 'admin@northwind-distribution.example']) {
      await expect((await as(email)).catalog.setEnabled({ id: ep.id, enabled: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await product('EP')).enabled).toBe(true);
  });
});

describe('catalog.changeComposition', () => {
  it('is the vendor’s: it locks the product’s plans of every owner, audited; partners are refused', async () => {
    const ep = await product('EP');
    await expect((await as('admin@northwind-distribution.example')).catalog.changeComposition({ productId: ep.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const vendor = await as('admin@keyway.example');
    await expect(vendor.catalog.changeComposition({ productId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Product was not found.',
    });
    const result = await vendor.catalog.changeComposition({ productId: ep.id, description: 'Adds device control.' });
    expect(result.compositionVersion).toBe(ep.compositionVersion + 1);
    // Every plan of the product was approved for the version before: each one is now locked.
    const [planCount] = await t.db.select({ n: count() }).from(servicePlans).where(eq(servicePlans.productId, ep.id));
    expect(result.lockedPlans).toBe(planCount!.n);
    expect(result.lockedPlans).toBeGreaterThan(0);
    const listed = await vendor.catalog.list({ filters: { query: 'EP' } });
    expect(listed.items[0]).toMatchObject({ code: 'EP', plans: planCount!.n, lockedPlans: planCount!.n });
    // A second change locks nothing more: those plans were locked already.
    expect((await vendor.catalog.changeComposition({ productId: ep.id })).lockedPlans).toBe(0);
    for (const email of ['admin@northwind-distribution.example', 'admin@summit-msp.example']) {
      const locked = await (await as(email)).servicePlans.list({ filters: { productId: ep.id } });
      expect(locked.items.length).toBeGreaterThan(0);
      expect(locked.items.every((p) => p.locked)).toBe(true);
    }
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, ep.id), eq(auditLog.action, 'product.composition-change')));
    expect(audit).toMatchObject({ after: { compositionVersion: ep.compositionVersion + 1, description: 'Adds device control.', lockedPlans: planCount!.n } });
    // Owners approve one by one.
    const northwind = await as('admin@northwind-distribution.example');
    const plans = await northwind.servicePlans.list({ filters: { productId: ep.id } });
    for (const plan of plans.items) await northwind.servicePlans.approveChanges({ id: plan.id });
    expect((await northwind.servicePlans.list({ filters: { productId: ep.id, locked: true } })).total).toBe(0);
    expect((await (await as('admin@summit-msp.example')).servicePlans.list({ filters: { productId: ep.id, locked: true } })).total).toBeGreaterThan(0);
  });
});

