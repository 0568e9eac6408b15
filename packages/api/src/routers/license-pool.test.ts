import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
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

async function productId(code: string) {
  const [row] = await t.db.select({ id: products.id }).from(products).where(eq(products.code, code));
  return row!.id;
}

async function audits(action: string) {
  return t.db.select().from(auditLog).where(eq(auditLog.action, action));
}

describe('licensePool procedures', () => {
  it('list the caller’s own pools: a tier-1 and an MSP each see theirs', async () => {
    const northwind = await (await as('admin@northwind-distribution.example')).licensePool.list({});
    const bluefin = await (await as('license-manager@bluefin-it.example')).licensePool.list({});
    const ce = (list: typeof northwind) => list.items.find((line) => line.productCode === 'CE')!;
    expect(ce(northwind).full).toEqual({ total: 2000, assigned: 500, remaining: 1500 });
    expect(ce(bluefin).full).toEqual({ total: 250, assigned: 0, remaining: 250 });
    expect(bluefin.company).toMatchObject({ tier: 'msp', refillAllowed: true });
  });

  it('write an audit row for every change', async () => {
    const tier1 = await as('license-manager@northwind-distribution.example');
    const msp = await as('admin@bluefin-it.example');
    const ce = await productId('CE');
    await tier1.licensePool.addMore({ productId: ce, versionType: 'trial' });
    await tier1.licensePool.setAutoRefill({ productId: ce, threshold: 150 });
    await msp.licensePool.setMinimum({ productId: ce, minimum: 75 });
    await msp.licensePool.refill({ productId: ce });
    const request = await msp.licensePool.requests.create({ productId: ce, versionType: 'full', units: 10 });
    await tier1.licensePool.requests.approve({ id: request.id });
    const other = await msp.licensePool.requests.create({ productId: ce, versionType: 'full', units: 10 });
    await tier1.licensePool.requests.reject({ id: other.id, reason: 'Not this month.' });
    const admin = await as('admin@northwind-distribution.example');
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    await admin.partners.licenses.assign({ partnerId: bluefin.id, productId: ce, fullUnits: 5 });
    await admin.partners.licenses.disable({ partnerId: bluefin.id, productId: ce });
    await admin.partners.licenses.disable({ partnerId: bluefin.id, productId: ce, disabled: false });
    for (const action of [
      'license-pool.add-more',
      'license-pool.set-auto-refill',
      'license-pool.set-minimum',
      'license-pool.refill',
      'license-pool.request',
      'license-pool.request.approve',
      'license-pool.request.reject',
      'partner.licenses.assign',
      'partner.licenses.disable',
      'partner.licenses.enable',
    ]) {
      expect((await audits(action)).length, action).toBeGreaterThan(0);
    }
    const [assigned] = await audits('partner.licenses.assign');
    expect(assigned).toMatchObject({ companyId: bluefin.id, channelId: bluefin.channelId, partnerId: bluefin.id });
  });

  it("mail a tier-2's request to its parent's administrators and license managers, whose rows the tier-2 cannot read", async () => {
    const msp = await as('admin@bluefin-it.example');
    const northwind = await companyByAccount(t.db, 'northwind-distribution');
    const deciders = await t.db.execute<{ email: string }>(
      sql`select email from users where company_id = ${northwind.id} and role in ('admin', 'license_manager') and status = 'active' order by email`,
    );
    expect(deciders.length).toBeGreaterThan(0);
    const request = await msp.licensePool.requests.create({ productId: await productId('CE'), versionType: 'full', units: 4, note: 'For the new clinic.' });
    expect(request.notified).toBe(deciders.length);
    const mails = await t.db.execute<{ recipient_email: string }>(
      sql`select recipient_email from email_messages where event = 'license-request-received' and company_id = ${northwind.id} and variables->>'requestNote' = 'For the new clinic.' order by recipient_email`,
    );
    expect(mails.map((m) => m.recipient_email)).toEqual(deciders.map((d) => d.email));
  });

  it('answer bad input with a 400 that says what is wrong', async () => {
    const tier1 = await as('admin@northwind-distribution.example');
    const msp = await as('admin@bluefin-it.example');
    const ce = await productId('CE');
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    await expect(tier1.licensePool.setAutoRefill({ productId: ce, threshold: -1 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'threshold: Units cannot be negative.' });
    await expect(msp.licensePool.requests.create({ productId: ce, versionType: 'full', units: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'units: Units must be at least 1.' });
    await expect(tier1.partners.licenses.assign({ partnerId: bluefin.id, productId: ce })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'fullUnits: Enter trial or full units to assign.' });
    const request = await msp.licensePool.requests.create({ productId: ce, versionType: 'full', units: 3 });
    await expect(tier1.licensePool.requests.reject({ id: request.id, reason: ' ' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'reason: Say why the request is rejected.' });
    await expect(tier1.licensePool.addMore({ productId: '00000000-0000-4000-8000-000000000000', versionType: 'full' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Product was not found.' });
    await expect(tier1.partners.licenses.assign({ partnerId: bluefin.id, productId: ce, fullUnits: 999_999 })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^Northwind Distribution has \d+ full Cloud Email Security units left; 999999 were asked for\.$/),
    });
  });

  it('refuse a user whose role or tier lacks the privilege (FORBIDDEN)', async () => {
    const ce = await productId('CE');
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const id = '00000000-0000-4000-8000-000000000000';
    const reseller = await as('admin@harbor-resellers.example');
    const partnerManager = await as('partner-account-manager@northwind-distribution.example');
    const msp = await as('admin@bluefin-it.example');
    const calls = (api: Awaited<ReturnType<typeof as>>) => ({
      list: () => api.licensePool.list({}),
      addMore: () => api.licensePool.addMore({ productId: ce, versionType: 'full' }),
      setAutoRefill: () => api.licensePool.setAutoRefill({ productId: ce, threshold: 10 }),
      setMinimum: () => api.licensePool.setMinimum({ productId: ce, minimum: 10 }),
      refill: () => api.licensePool.refill({ productId: ce }),
      'requests.list': () => api.licensePool.requests.list({}),
      'requests.create': () => api.licensePool.requests.create({ productId: ce, versionType: 'full', units: 1 }),
      'requests.approve': () => api.licensePool.requests.approve({ id }),
      'requests.reject': () => api.licensePool.requests.reject({ id, reason: 'No.' }),
      'partners.licenses.list': () => api.partners.licenses.list({ partnerId: bluefin.id }),
      'partners.licenses.assign': () => api.partners.licenses.assign({ partnerId: bluefin.id, productId: ce, fullUnits: 1 }),
      'partners.licenses.disable': () => api.partners.licenses.disable({ partnerId: bluefin.id, productId: ce }),
    });
    // A reseller holds no license-pool privilege at all; a partner account manager neither.
    for (const api of [reseller, partnerManager]) {
      for (const [name, call] of Object.entries(calls(api))) {
        await expect(call(), name).rejects.toMatchObject({ code: 'FORBIDDEN' });
      }
    }
    // An MSP may not take stock from the vendor, decide requests or manage partners' licenses.
    const mspCalls = calls(msp);
    for (const name of ['addMore', 'setAutoRefill', 'requests.approve', 'requests.reject', 'partners.licenses.assign', 'partners.licenses.disable', 'partners.licenses.list'] as const) {
      await expect(mspCalls[name](), name).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    // A tier-1 does not refill from or request of a parent.
    const tier1 = calls(await as('admin@northwind-distribution.example'));
    await expect(tier1.refill()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(tier1['requests.create']()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('answer NOT_FOUND for another subtree’s ids and change nothing', async () => {
    const ce = await productId('CE');
    const summit = await companyByAccount(t.db, 'summit-msp');
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const summitApi = await as('admin@summit-msp.example');
    const summitRequest = await summitApi.licensePool.requests.create({ productId: ce, versionType: 'full', units: 4 });
    const bluefinRequest = await (await as('admin@bluefin-it.example')).licensePool.requests.create({ productId: ce, versionType: 'full', units: 4 });

    const northwind = await as('admin@northwind-distribution.example');
    await expect(northwind.licensePool.requests.approve({ id: summitRequest.id })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'License request was not found.' });
    await expect(northwind.licensePool.requests.reject({ id: summitRequest.id, reason: 'Not yours.' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(northwind.partners.licenses.list({ partnerId: summit.id })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Partner was not found.' });
    await expect(northwind.partners.licenses.assign({ partnerId: summit.id, productId: ce, fullUnits: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(northwind.partners.licenses.disable({ partnerId: summit.id, productId: ce })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Its own pool or a customer is not a partner either.
    const northwindCo = await companyByAccount(t.db, 'northwind-distribution');
    const pinecrest = await companyByAccount(t.db, 'pinecrest-medical');
    for (const partnerId of [northwindCo.id, pinecrest.id]) {
      await expect(northwind.partners.licenses.assign({ partnerId, productId: ce, fullUnits: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }

    const contoso = await as('admin@contoso-networks.example');
    await expect(contoso.licensePool.requests.approve({ id: bluefinRequest.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await contoso.licensePool.requests.list({})).items.map((r) => r.companyName)).toEqual(['Summit Managed Services']);
    expect((await summitApi.licensePool.requests.list({})).items.every((r) => r.companyName === 'Summit Managed Services')).toBe(true);

    const [summitPool] = await t.db.select().from(licensePools).where(and(eq(licensePools.companyId, summit.id), eq(licensePools.productId, ce)));
    const [bluefinPool] = await t.db.select().from(licensePools).where(and(eq(licensePools.companyId, bluefin.id), eq(licensePools.productId, ce)));
    expect(summitPool!.fullTotal).toBe(250);
    expect(bluefinPool!.disabledAt).toBeNull();
    const [pending] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from license_requests where status = 'pending' and id in (${summitRequest.id}, ${bluefinRequest.id})`);
    expect(pending!.n).toBe(2);
  });

  it('refuse changes by a suspended partner’s users and to a suspended partner', async () => {
    const ce = await productId('CE');
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const admin = await as('admin@northwind-distribution.example');
    await admin.partners.suspend({ id: bluefin.id, reason: 'Overdue invoices' });
    try {
      await expect((await as('admin@bluefin-it.example')).licensePool.requests.create({ productId: ce, versionType: 'full', units: 1 })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: 'Bluefin IT Services is suspended: you can read everything but change only your profile until it is reactivated.',
      });
      await expect(admin.partners.licenses.assign({ partnerId: bluefin.id, productId: ce, fullUnits: 1 })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: 'Bluefin IT Services is suspended: only its profile can be changed until it is reactivated.',
      });
    } finally {
      await admin.partners.reactivate({ id: bluefin.id });
    }
  });
});
