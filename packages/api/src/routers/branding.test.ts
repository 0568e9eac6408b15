import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, legalDocuments, products } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { currentLegalDocuments, visibleDataCenters } from '@keyway/core/branding';
import { companyByAccount, createSeededDb } from '@keyway/core/testing';
import { callerAs } from '../testing/callers.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createSeededDb();
});
afterAll(async () => t?.drop());

const as = (email: string) => callerAs(t.db, email);
const MSP = 'admin@bluefin-it.example';
const OTHER_MSP = 'admin@summit-msp.example';

describe('branding.legalDocuments', () => {
  it('an MSP writes a draft, sees it sanitised, publishes it, and customers below it get it', async () => {
    const api = await as(MSP);
    const created = await api.branding.legalDocuments.create({
      kind: 'privacy',
      language: 'en',
      title: 'Bluefin privacy statement',
      body: '# Privacy\n\n<script>alert("x")</script>\n\n<img src=x onerror="alert(1)">\n\n[home](javascript:alert(2))',
    });
    expect(created.version).toBe(1);
    const draft = await api.branding.legalDocuments.get({ id: created.id });
    expect(draft).toMatchObject({ status: 'draft', owned: true, current: false, version: 1 });
    expect(draft.html).toContain('<h1>Privacy</h1>');
    expect(draft.html).not.toMatch(/<script|onerror|javascript:/);

    await api.branding.legalDocuments.update({ id: created.id, body: '# Privacy\n\nWe keep your data in the EU.' });
    await expect(
      api.branding.legalDocuments.create({ kind: 'privacy', language: 'en', title: 'Another', body: 'x' }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('Version 1 of this document is still a draft') });

    const published = await api.branding.legalDocuments.publish({ id: created.id });
    expect(published.version).toBe(1);
    const after = await api.branding.legalDocuments.get({ id: created.id });
    expect(after).toMatchObject({ status: 'published', current: true, publishedByName: expect.any(String) });
    await expect(api.branding.legalDocuments.update({ id: created.id, title: 'Changed' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('is published and cannot be changed'),
    });
    await expect(api.branding.legalDocuments.publish({ id: created.id })).rejects.toMatchObject({ code: 'CONFLICT' });

    const acme = await companyByAccount(t.db, 'acme-dental');
    const current = await currentLegalDocuments(t.db, { companyId: acme.id, productId: null, language: 'en' });
    expect(current.privacy).toMatchObject({ id: created.id, version: 1, title: 'Bluefin privacy statement' });

    const second = await api.branding.legalDocuments.create({ kind: 'privacy', language: 'en', title: 'Bluefin privacy statement', body: 'Version two' });
    expect(second.version).toBe(2);
    const history = await api.branding.legalDocuments.get({ id: second.id });
    expect(history.versions.map((v) => [v.version, v.status])).toEqual([
      [2, 'draft'],
      [1, 'published'],
    ]);
    // The draft does not replace the published version customers accept.
    const still = await currentLegalDocuments(t.db, { companyId: acme.id, productId: null, language: 'en' });
    expect(still.privacy?.version).toBe(1);

    const audits = await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, created.id));
    expect(audits.map((a) => a.action).sort()).toEqual(['legal-document.create', 'legal-document.publish', 'legal-document.update']);

    const list = await api.branding.legalDocuments.list({ filters: { kind: 'privacy', status: 'published' } });
    expect(list.items.some((item) => item.id === created.id && item.owned)).toBe(true);
    expect(list.items.every((item) => item.status === 'published' && item.kind === 'privacy')).toBe(true);
  });

  it('an EULA needs a product, a privacy statement has none, and the language comes from the list', async () => {
    const api = await as(MSP);
    const [product] = await t.db.select().from(products).where(eq(products.code, 'SS'));
    await expect(api.branding.legalDocuments.create({ kind: 'eula', language: 'en', title: 'EULA', body: 'x' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('choose it'),
    });
    await expect(
      api.branding.legalDocuments.create({ kind: 'privacy', productId: product!.id, language: 'en', title: 'P', body: 'x' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      api.branding.legalDocuments.create({ kind: 'privacy', language: 'xx' as 'en', title: 'P', body: 'x' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('Choose a language') });
    await expect(
      api.branding.legalDocuments.create({ kind: 'privacy', language: 'fr', title: 'x'.repeat(201), body: 'x' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const eula = await api.branding.legalDocuments.create({ kind: 'eula', productId: product!.id, language: 'de', title: 'EULA', body: 'Text' });
    expect(eula.version).toBe(1);
  });

  it('previews a body through the same sanitiser, and lists the products an EULA can be for', async () => {
    const api = await as(MSP);
    const { html } = await api.branding.legalDocuments.preview({ body: '**ok** <iframe src="https://evil.example"></iframe> [x](data:text/html,hi)' });
    expect(html).toContain('<strong>ok</strong>');
    expect(html).not.toMatch(/<iframe|data:/);
    const catalog = await api.branding.legalDocuments.products();
    expect(catalog.map((p) => p.code)).toContain('SS');
  });

  it('a reseller can neither read nor write legal documents', async () => {
    const reseller = await as('admin@harbor-resellers.example');
    await expect(reseller.branding.legalDocuments.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(reseller.branding.legalDocuments.preview({ body: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(reseller.branding.legalDocuments.create({ kind: 'privacy', language: 'en', title: 'P', body: 'x' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it("the vendor's documents are readable by all and changed by nobody else", async () => {
    const vendorPrivacy = (await t.db.select().from(legalDocuments)).find((d) => d.companyId === null && d.kind === 'privacy');
    expect(vendorPrivacy).toBeDefined();
    const api = await as(MSP);
    const got = await api.branding.legalDocuments.get({ id: vendorPrivacy!.id });
    expect(got.owned).toBe(false);
    await expect(api.branding.legalDocuments.update({ id: vendorPrivacy!.id, title: 'Mine' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining("vendor's"),
    });
  });

  it('every procedure answers NOT_FOUND for another subtree', async () => {
    const other = await as(OTHER_MSP);
    const { id } = await other.branding.legalDocuments.create({ kind: 'privacy', language: 'de', title: 'Summit Datenschutz', body: 'Text' });
    const api = await as(MSP);
    const calls = [
      () => api.branding.legalDocuments.get({ id }),
      () => api.branding.legalDocuments.update({ id, title: 'Mine now' }),
      () => api.branding.legalDocuments.publish({ id }),
    ];
    for (const call of calls) await expect(call()).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Legal document was not found.' });
    const list = await api.branding.legalDocuments.list({ limit: 100 });
    expect(list.items.some((item) => item.id === id)).toBe(false);
  });
});

describe.each(['dataCenters', 'regionalServices'] as const)('branding.%s', (area) => {
  const label = area === 'dataCenters' ? 'Data center' : 'Regional service';

  it('an MSP adds its own, edits and disables it; codes are unique per owner ignoring case', async () => {
    const api = await as(MSP);
    const { id } = await api.branding[area].create({ code: 'bf-sfo', name: 'Bluefin San Francisco', region: 'us', endpoint: 'https://sfo.bluefin.example' });
    await expect(
      api.branding[area].create({ code: 'BF-SFO', name: 'Again', region: 'us', endpoint: 'https://sfo2.bluefin.example' }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('code BF-SFO') });
    await expect(
      api.branding[area].create({ code: 'bf-http', name: 'Plain', region: 'us', endpoint: 'http://plain.bluefin.example' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('https://') });
    await expect(
      api.branding[area].create({ code: 'bf-long', name: 'Long', region: 'x'.repeat(21), endpoint: 'https://long.bluefin.example' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('20 characters') });
    await api.branding[area].update({ id, name: 'Bluefin SF' });
    await api.branding[area].setEnabled({ id, enabled: false });
    const got = await api.branding[area].get({ id });
    expect(got).toMatchObject({ name: 'Bluefin SF', enabled: false, owned: true, ownerName: 'Bluefin IT Services' });
    const list = await api.branding[area].list({ limit: 100 });
    expect(list.items.find((item) => item.id === id)).toMatchObject({ owned: true });
    expect(list.items.some((item) => item.companyId === null && !item.owned)).toBe(true);
    const audits = await t.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, id));
    expect(audits).toHaveLength(3);
  });

  it("the vendor's are read-only for others", async () => {
    const api = await as(MSP);
    const list = await api.branding[area].list({ filters: { owned: false }, limit: 100 });
    const vendors = list.items.find((item) => item.companyId === null);
    if (!vendors) return; // the demo data has no vendor regional services
    await expect(api.branding[area].setEnabled({ id: vendors.id, enabled: false })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('every procedure answers NOT_FOUND for another subtree', async () => {
    const other = await as(OTHER_MSP);
    const { id } = await other.branding[area].create({ code: 'sm-vie', name: 'Summit Vienna', region: 'eu', endpoint: 'https://vie.summit.example' });
    const api = await as(MSP);
    const calls = [
      () => api.branding[area].get({ id }),
      () => api.branding[area].update({ id, name: 'Mine' }),
      () => api.branding[area].setEnabled({ id, enabled: false }),
    ];
    for (const call of calls) await expect(call()).rejects.toMatchObject({ code: 'NOT_FOUND', message: `${label} was not found.` });
    const reseller = await as('admin@harbor-resellers.example');
    await expect(reseller.branding[area].list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('visibleDataCenters', () => {
  it("offers the vendor's and the chain's enabled data centers, never another MSP's", async () => {
    const summitApi = await as(OTHER_MSP);
    const { id: summitDc } = await summitApi.branding.dataCenters.create({ code: 'sm-graz', name: 'Summit Graz', region: 'eu', endpoint: 'https://graz.summit.example' });
    const tier1 = await as('admin@northwind-distribution.example');
    const { id: northwindDc } = await tier1.branding.dataCenters.create({ code: 'nw-pdx', name: 'Northwind Portland', region: 'us', endpoint: 'https://pdx.northwind.example' });
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const ids = (await visibleDataCenters(t.db, bluefin.id, { enabledOnly: true })).map((dc) => dc.id);
    expect(ids).toContain(northwindDc);
    expect(ids).not.toContain(summitDc);
    const summit = await companyByAccount(t.db, 'summit-msp');
    const summitIds = (await visibleDataCenters(t.db, summit.id, { enabledOnly: true })).map((dc) => dc.id);
    expect(summitIds).toContain(summitDc);
    expect(summitIds).not.toContain(northwindDc);
    const bluefinApi = await as(MSP);
    const catalog = await bluefinApi.servicePlans.catalog();
    expect(catalog.dataCenters.map((dc) => dc.id)).toContain(northwindDc);
    expect(catalog.dataCenters.map((dc) => dc.id)).not.toContain(summitDc);
    const [product] = await t.db.select().from(products).where(eq(products.code, 'CE'));
    const plan = { name: 'Email Security Graz', productId: product!.id, versionType: 'full' as const, unitType: product!.unitTypes[0]!, unitsPerLicense: 1, initialPeriodMonths: 12 };
    await expect(bluefinApi.servicePlans.create({ ...plan, dataCenterId: summitDc })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('That data center does not exist'),
    });
    await expect(bluefinApi.servicePlans.create({ ...plan, dataCenterId: northwindDc })).resolves.toBeDefined();
    await tier1.branding.dataCenters.setEnabled({ id: northwindDc, enabled: false });
    expect((await visibleDataCenters(t.db, bluefin.id, { enabledOnly: true })).map((dc) => dc.id)).not.toContain(northwindDc);
    expect((await visibleDataCenters(t.db, bluefin.id, { enabledOnly: false })).map((dc) => dc.id)).toContain(northwindDc);
  });
});
