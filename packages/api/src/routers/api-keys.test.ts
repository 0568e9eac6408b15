import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { apiKeys, auditLog } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { authenticateApiKey } from '@keyway/core/auth';
import { companyByAccount, createSeededDb } from '@keyway/core/testing';
import { callerAs } from '../testing/callers.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createSeededDb();
});
afterAll(async () => {
  await t.drop();
});

const as = (email: string) => callerAs(t.db, email);
const auditOf = (action: string, targetId: string) =>
  t.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));

describe('company.apiKeys.create', () => {
  it('shows the whole key once and stores only the SHA-256 of its secret, audited', async () => {
    const api = await as('admin@bluefin-it.example');
    const created = await api.company.apiKeys.create({ name: 'Mail gateway', scopes: ['usage:write'] });
    expect(created.key).toMatch(/^kw_[a-z0-9]{10}_[a-z0-9]{52}$/);
    expect(created.key.startsWith(`${created.prefix}_`)).toBe(true);

    const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    const secret = created.key.split('_')[2]!;
    expect(Buffer.from(row!.secretHash).toString('hex')).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret);
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    expect(row).toMatchObject({ companyId: bluefin.id, channelId: bluefin.channelId, partnerId: bluefin.id, scopes: ['usage:write'], expiresAt: null });

    // Never again: the list has the prefix, not the key.
    const list = await api.company.apiKeys.list({});
    const listed = list.items.find((k) => k.id === created.id);
    expect(listed).toMatchObject({ name: 'Mail gateway', prefix: created.prefix, status: 'active', lastUsedAt: null });
    expect(JSON.stringify(list)).not.toContain(secret);

    const [audit] = await auditOf('api-key.create', created.id);
    expect(audit).toMatchObject({ companyId: bluefin.id, after: { name: 'Mail gateway', prefix: created.prefix, scopes: ['usage:write'] } });
    expect(JSON.stringify(audit)).not.toContain(secret);

    // The key authenticates.
    expect((await authenticateApiKey(t.db, `Bearer ${created.key}`, 'usage:write')).company.id).toBe(bluefin.id);
  });

  it('refuses an unknown scope, an empty name and a past expiry with messages', async () => {
    const api = await as('admin@northwind-distribution.example');
    await expect(api.company.apiKeys.create({ name: 'X', scopes: ['billing:write' as never] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('usage:write'),
    });
    await expect(api.company.apiKeys.create({ name: ' ', scopes: ['usage:write'] })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('Name the key') });
    await expect(api.company.apiKeys.create({ name: 'Old', scopes: ['usage:write'], expiresAt: new Date(Date.now() - 60_000) })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('in the future'),
    });
  });
});

describe('company.apiKeys.list', () => {
  it('pages the own company’s keys with their status, newest first', async () => {
    const api = await as('admin@summit-msp.example');
    const soon = new Date(Date.now() + 86_400_000);
    const ids: string[] = [];
    for (const name of ['One', 'Two', 'Three']) ids.push((await api.company.apiKeys.create({ name, scopes: ['usage:write'], expiresAt: soon })).id);
    await api.company.apiKeys.revoke({ id: ids[0]! });

    const first = await api.company.apiKeys.list({ limit: 2 });
    expect(first.total).toBe(3);
    expect(first.items.map((k) => k.name)).toEqual(['Three', 'Two']);
    const second = await api.company.apiKeys.list({ limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((k) => [k.name, k.status])).toEqual([['One', 'revoked']]);
    expect(second.nextCursor).toBeNull();

    const revoked = await api.company.apiKeys.list({ filters: { status: 'revoked' } });
    expect(revoked.items.map((k) => k.name)).toEqual(['One']);
    // The tier-1 above does not see its partner's keys among its own.
    const northwind = await (await as('admin@northwind-distribution.example')).company.apiKeys.list({ limit: 100 });
    expect(northwind.items.some((k) => ids.includes(k.id))).toBe(false);
  });

  it('shows when a key was last used', async () => {
    const api = await as('admin@harbor-resellers.example');
    const created = await api.company.apiKeys.create({ name: 'Backup', scopes: ['usage:write'] });
    await t.db.update(apiKeys).set({ lastUsedAt: new Date('2026-01-02T03:04:05Z') }).where(eq(apiKeys.id, created.id));
    const { items } = await api.company.apiKeys.list({ sort: { field: 'lastUsedAt', direction: 'desc' } });
    expect(items.find((k) => k.id === created.id)?.lastUsedAt?.toISOString()).toBe('2026-01-02T03:04:05.000Z');
  });
});

describe('company.apiKeys.revoke', () => {
  it('revokes, audits, and says so when the key was already revoked', async () => {
    const api = await as('admin@bluefin-it.example');
    const created = await api.company.apiKeys.create({ name: 'To revoke', scopes: ['usage:write'] });
    const revoked = await api.company.apiKeys.revoke({ id: created.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    await expect(api.company.apiKeys.revoke({ id: created.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('was already revoked on'),
    });
    expect(await auditOf('api-key.revoke', created.id)).toHaveLength(1);
    await expect(authenticateApiKey(t.db, `Bearer ${created.key}`, 'usage:write')).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('revoked') });
  });

  it('answers another company’s key id as not found and changes nothing', async () => {
    const owner = await as('admin@contoso-networks.example');
    const created = await owner.company.apiKeys.create({ name: 'Contoso only', scopes: ['usage:write'] });
    for (const email of ['admin@northwind-distribution.example', 'admin@bluefin-it.example', 'admin@keyway.example']) {
      await expect((await as(email)).company.apiKeys.revoke({ id: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'This API key was not found.' });
    }
    const [row] = await t.db.select().from(apiKeys).where(eq(apiKeys.id, created.id));
    expect(row!.revokedAt).toBeNull();
  });
});

describe('permissions', () => {
  it('lets only Administrators of the vendor and partners manage keys', async () => {
    for (const email of ['support-manager@bluefin-it.example', 'billing-manager@northwind-distribution.example', 'license-manager@keyway.example', 'admin@acme-dental.example']) {
      const api = await as(email);
      await expect(api.company.apiKeys.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(api.company.apiKeys.create({ name: 'No', scopes: ['usage:write'] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    const vendor = await as('admin@keyway.example');
    expect((await vendor.company.apiKeys.create({ name: 'Vendor', scopes: ['usage:write'] })).key).toMatch(/^kw_/);
    const reseller = await as('admin@harbor-resellers.example');
    expect((await reseller.company.apiKeys.list({})).items.length).toBeGreaterThan(0);
  });

  it('seeds one demo key per tier-1', async () => {
    const northwind = await (await as('admin@northwind-distribution.example')).company.apiKeys.list({});
    expect(northwind.items).toEqual(expect.arrayContaining([expect.objectContaining({ prefix: 'kw_northwind0', status: 'active' })]));
  });
});
