import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import {
  auditLog,
  companies,
  customerTransactions,
  emailMessages,
  licensePoolMovements,
  licensePools,
  licenses,
  products,
  servicePlans,
  type Company,
} from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { addUnits } from '@keyway/core/license-pool';
import { runLicensesDaily } from '@keyway/core/licenses';
import { createJobQueue, type JobQueue } from '@keyway/core/jobs';
import { companyByAccount, createSeededDb } from '@keyway/core/testing';
import { callerAs, callerFor, signedInAs } from '../testing/callers.ts';

let t: TestDb;
let jobs: JobQueue;
let bluefin: Company;
let summit: Company;
let contoso: Company;
let northwind: Company;
let ce: string;
let plans: {
  full: string;
  trial: string;
  firstSignIn: string;
  summit: string;
  contoso: string;
  northwindFull: string;
  northwindTrial: string;
};

const as = (email: string) => callerAs(t.db, email, { jobs });
const MSP = 'admin@bluefin-it.example';
const day = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function insertPlan(owner: Company, values: Partial<typeof servicePlans.$inferInsert> & { name: string }) {
  const [row] = await t.db
    .insert(servicePlans)
    .values({
      companyId: owner.id,
      channelId: owner.channelId,
      partnerId: owner.partnerId,
      customerId: owner.customerId,
      productId: ce,
      versionType: 'full',
      unitType: 'mailbox',
      initialPeriodMonths: 12,
      renewalPeriodMonths: 12,
      ...values,
    })
    .returning();
  return row!.id;
}

async function stock(owner: Company, full: number, trial: number) {
  await t.db.transaction(async (tx) => {
    const pool = { companyId: owner.id, productId: ce };
    await addUnits(tx, pool, { kind: 'vendor-issue', versionType: 'full', units: full, actorUserId: null });
    await addUnits(tx, pool, { kind: 'vendor-issue', versionType: 'trial', units: trial, actorUserId: null });
  });
}

async function pool(owner: Company) {
  const [row] = await t.db
    .select()
    .from(licensePools)
    .where(and(eq(licensePools.companyId, owner.id), eq(licensePools.productId, ce)));
  return { full: row!.fullAssigned, trial: row!.trialAssigned };
}

async function transactionsOf(licenseId: string) {
  return t.db.select().from(customerTransactions).where(eq(customerTransactions.licenseId, licenseId)).orderBy(customerTransactions.id);
}

async function licenseRow(id: string) {
  const [row] = await t.db.select().from(licenses).where(eq(licenses.id, id));
  return row!;
}

async function assignOne(customer: string, planId = plans.full, units = 10, email = MSP) {
  const api = await as(email);
  const { id } = await companyByAccount(t.db, customer);
  const { items } = await api.customers.licenses.assign({ customerId: id, plans: [{ planId, units, startsOn: day() }] });
  return items[0]!;
}

beforeAll(async () => {
  t = await createSeededDb();
  jobs = createJobQueue(t.url);
  bluefin = await companyByAccount(t.db, 'bluefin-it');
  summit = await companyByAccount(t.db, 'summit-msp');
  contoso = await companyByAccount(t.db, 'contoso-networks');
  northwind = await companyByAccount(t.db, 'northwind-distribution');
  const [product] = await t.db.select().from(products).where(eq(products.code, 'CE'));
  ce = product!.id;
  plans = {
    full: await insertPlan(bluefin, { name: 'Test Mail Annual', autoRenew: true, renewalPeriodMonths: 6, expirationNoticeDays: 14 }),
    trial: await insertPlan(bluefin, { name: 'Test Mail Trial', versionType: 'trial', initialPeriodMonths: 1 }),
    firstSignIn: await insertPlan(bluefin, { name: 'Test Mail On Sign-in', activationPolicy: 'first-sign-in' }),
    summit: await insertPlan(summit, { name: 'Test Summit Mail' }),
    contoso: await insertPlan(contoso, { name: 'Test Contoso Mail' }),
    northwindFull: await insertPlan(northwind, { name: 'Test Northwind Mail' }),
    northwindTrial: await insertPlan(northwind, { name: 'Test Northwind Trial', versionType: 'trial', initialPeriodMonths: 1 }),
  };
  await stock(bluefin, 200, 50);
  await stock(northwind, 500, 50);
  await stock(summit, 100, 10);
  await stock(contoso, 100, 10);
});
afterAll(async () => {
  await jobs.stop();
  await t.drop();
});

describe('customers.licenses.assign', () => {
  it('assigns several plans at once: licenses active with their dates, pool drawn, new-purchase transactions, mails, audit', async () => {
    const api = await as(MSP);
    const acme = await companyByAccount(t.db, 'acme-dental');
    const before = await pool(bluefin);
    const startsOn = day(3);
    const { items } = await api.customers.licenses.assign({
      customerId: acme.id,
      plans: [
        { planId: plans.full, units: 10, startsOn },
        { planId: plans.trial, units: 5, startsOn: day() },
      ],
    });
    expect(items).toHaveLength(2);
    const [full, trial] = items;
    expect(full).toMatchObject({ status: 'active', units: 10, versionType: 'full', startsOn, chargeStartsOn: startsOn, autoRenew: true, renewalPeriodMonths: 6, expirationNoticeDays: 14, managingCompanyId: bluefin.id });
    const expected = new Date(`${startsOn}T00:00:00Z`);
    expected.setUTCFullYear(expected.getUTCFullYear() + 1);
    expect(full!.expiresOn).toBe(expected.toISOString().slice(0, 10));
    expect(trial).toMatchObject({ status: 'active', units: 5, versionType: 'trial' });
    expect(await pool(bluefin)).toEqual({ full: before.full + 10, trial: before.trial + 5 });

    const [purchase] = await transactionsOf(full!.id);
    expect(purchase).toMatchObject({ type: 'new-purchase', previousUnits: 0, newUnits: 10, change: 10, previousChargeStartsOn: null, newChargeStartsOn: startsOn, customerId: acme.id, actorCompanyId: bluefin.id });
    const [movement] = await t.db.select().from(licensePoolMovements).where(eq(licensePoolMovements.licenseId, full!.id));
    expect(movement).toMatchObject({ kind: 'license', fullUnits: -10, companyId: bluefin.id, counterpartCompanyId: acme.id });
    const mails = await t.db.select().from(emailMessages).where(and(eq(emailMessages.companyId, acme.id), eq(emailMessages.event, 'license-added')));
    expect(mails.length).toBeGreaterThanOrEqual(2);
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'license.assign'), eq(auditLog.targetId, full!.id)));
    expect(audit).toMatchObject({ companyId: acme.id, targetType: 'license' });

    const list = await api.customers.licenses.list({ customerId: acme.id });
    expect(list.items.map((l) => l.planName)).toEqual(expect.arrayContaining(['Test Mail Annual', 'Test Mail Trial']));
    expect(list.total).toBe(list.items.length);
  });

  it('is all or nothing: a plan the pool cannot serve refuses the whole assignment, naming the row', async () => {
    const api = await as(MSP);
    const golden = await companyByAccount(t.db, 'golden-gate-arch');
    const before = await pool(bluefin);
    const held = await t.db.select().from(licenses).where(eq(licenses.companyId, golden.id));
    await expect(
      api.customers.licenses.assign({
        customerId: golden.id,
        plans: [
          { planId: plans.full, units: 10, startsOn: day() },
          { planId: plans.trial, units: 10_000, startsOn: day() },
        ],
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/trial Cloud Email Security units? left; 10000 were asked for/) });
    expect(await pool(bluefin)).toEqual(before);
    expect(await t.db.select().from(licenses).where(eq(licenses.companyId, golden.id))).toHaveLength(held.length);
  });

  it('refuses bad input with a clear message: no plans, zero units, a past start date, a step the plan does not sell', async () => {
    const api = await as(MSP);
    const acme = await companyByAccount(t.db, 'acme-dental');
    await expect(api.customers.licenses.assign({ customerId: acme.id, plans: [] })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'plans: Choose at least one service plan.' });
    await expect(api.customers.licenses.assign({ customerId: acme.id, plans: [{ planId: plans.full, units: 0, startsOn: day() }] })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'plans.0.units: Units must be at least 1.' });
    await expect(api.customers.licenses.assign({ customerId: acme.id, plans: [{ planId: plans.full, units: 1, startsOn: day(-2) }] })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'The start date must be today or later.' });
    const stepped = await insertPlan(bluefin, { name: 'Test Mail Packs', unitsPerLicense: 5 });
    await expect(api.customers.licenses.assign({ customerId: acme.id, plans: [{ planId: stepped, units: 7, startsOn: day() }] })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'Test Mail Packs is sold in steps of 5 units.' });
  });

  it('leaves a first-sign-in plan pending until a user of the customer signs in for the first time', async () => {
    const license = await assignOne('sequoia-law', plans.firstSignIn, 3);
    expect(license.status).toBe('pending');
    const anonymous = callerFor(t.db, null);
    await anonymous.auth.signIn({ email: 'admin@sequoia-law.example', password: 'keyway-demo' });
    expect((await licenseRow(license.id)).status).toBe('active');
    // Someone of the customer has signed in now: the next one is active at once.
    expect((await assignOne('sequoia-law', plans.firstSignIn, 3)).status).toBe('active');
  });

  it('refuses a disabled customer and a customer of a suspended partner', async () => {
    const api = await as(MSP);
    const bayview = await companyByAccount(t.db, 'bayview-logistics');
    await expect(api.customers.licenses.assign({ customerId: bayview.id, plans: [{ planId: plans.full, units: 1, startsOn: day() }] })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'Bayview Logistics is disabled: enable it before changing its licenses.',
    });
    const tier1 = await as('admin@contoso-networks.example');
    const redwood = await companyByAccount(t.db, 'redwood-reseller');
    const helvetia = await companyByAccount(t.db, 'helvetia-watches');
    await tier1.partners.suspend({ id: redwood.id, reason: 'Unpaid invoices' });
    await expect(tier1.customers.licenses.assign({ customerId: helvetia.id, plans: [{ planId: plans.contoso, units: 1, startsOn: day() }] })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('Redwood Reseller, which manages Helvetia Watches, is suspended'),
    });
    await tier1.partners.reactivate({ id: redwood.id });
    const done = await tier1.customers.licenses.assign({ customerId: helvetia.id, plans: [{ planId: plans.contoso, units: 1, startsOn: day() }] });
    expect(done.items[0]).toMatchObject({ status: 'active', managingCompanyId: contoso.id });
  });
});

describe('customers.licenses.update', () => {
  it('draws more units and returns fewer, each change a license-change transaction with before and after', async () => {
    const api = await as(MSP);
    const license = await assignOne('redwood-bakery', plans.full, 10);
    const start = await pool(bluefin);
    await api.customers.licenses.update({ id: license.id, units: 25 });
    expect(await pool(bluefin)).toEqual({ ...start, full: start.full + 15 });
    await api.customers.licenses.update({ id: license.id, units: 4 });
    expect(await pool(bluefin)).toEqual({ ...start, full: start.full - 6 });
    const rows = await transactionsOf(license.id);
    expect(rows.map((r) => [r.type, r.previousUnits, r.newUnits, r.change])).toEqual([
      ['new-purchase', 0, 10, 10],
      ['license-change', 10, 25, 15],
      ['license-change', 25, 4, -21],
    ]);
    const mails = await t.db.select().from(emailMessages).where(eq(emailMessages.event, 'license-modified')).orderBy(desc(emailMessages.createdAt)).limit(1);
    expect(mails[0]!.variables).toMatchObject({ units: '4', previousUnits: '25' });
  });

  it('changes the expiry date, auto-renew, renewal period and notice days; refuses an expiry before the start', async () => {
    const api = await as(MSP);
    const license = await assignOne('redwood-bakery', plans.full, 2);
    const expiresOn = day(400);
    const after = await api.customers.licenses.update({ id: license.id, expiresOn, autoRenew: false, renewalPeriodMonths: 24, expirationNoticeDays: 45 });
    expect(after).toMatchObject({ expiresOn, autoRenew: false, renewalPeriodMonths: 24, expirationNoticeDays: 45, units: 2 });
    const rows = await transactionsOf(license.id);
    expect(rows.at(-1)).toMatchObject({ type: 'license-change', previousUnits: 2, newUnits: 2, note: `Expiry date ${license.expiresOn} → ${expiresOn}` });
    await expect(api.customers.licenses.update({ id: license.id, expiresOn: day(-1) })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'The expiry date must be after the start date.' });
    await expect(api.customers.licenses.update({ id: license.id })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'Change at least one field.' });
    // A setting alone is no license event: no transaction.
    await api.customers.licenses.update({ id: license.id, autoRenew: true });
    expect(await transactionsOf(license.id)).toHaveLength(rows.length);
  });

  it('refuses more units than the pool has left, naming the field', async () => {
    const api = await as(MSP);
    const license = await assignOne('redwood-bakery', plans.full, 1);
    await expect(api.customers.licenses.update({ id: license.id, units: 900_000 })).rejects.toMatchObject({ code: 'CONFLICT', cause: { details: { field: 'units' } } });
    expect((await licenseRow(license.id)).units).toBe(1);
  });
});

describe('customers.licenses.renew', () => {
  it('extends the expiry by the renewal period; charging starts where the new period does', async () => {
    const api = await as(MSP);
    const license = await assignOne('mission-clinic', plans.full, 6);
    const after = await api.customers.licenses.renew({ id: license.id });
    const expected = new Date(`${license.expiresOn}T00:00:00Z`);
    expected.setUTCMonth(expected.getUTCMonth() + 6);
    expect(after).toMatchObject({ expiresOn: expected.toISOString().slice(0, 10), chargeStartsOn: license.expiresOn, status: 'active', units: 6 });
    expect((await transactionsOf(license.id)).at(-1)).toMatchObject({ type: 'license-change', previousUnits: 6, newUnits: 6, previousChargeStartsOn: license.startsOn, newChargeStartsOn: license.expiresOn });
  });

  it('does not renew a trial', async () => {
    const api = await as(MSP);
    const trial = await assignOne('mission-clinic', plans.trial, 1);
    await expect(api.customers.licenses.renew({ id: trial.id })).rejects.toMatchObject({ code: 'CONFLICT', message: 'A trial license is not renewed: convert it to full instead.' });
  });
});

describe('customers.licenses.convert', () => {
  it('turns a trial into full: full units drawn, trial units returned, charging from today, a conversion transaction', async () => {
    const api = await as(MSP);
    const trial = await assignOne('mission-clinic', plans.trial, 3);
    const before = await pool(bluefin);
    const after = await api.customers.licenses.convert({ id: trial.id, planId: plans.full });
    expect(after).toMatchObject({ versionType: 'full', chargeStartsOn: day(), status: 'active', units: 3, planId: plans.full, autoRenew: true });
    expect(await pool(bluefin)).toEqual({ full: before.full + 3, trial: before.trial - 3 });
    expect((await transactionsOf(trial.id)).at(-1)).toMatchObject({ type: 'conversion', versionType: 'full', previousUnits: 3, newUnits: 3, previousChargeStartsOn: day(), newChargeStartsOn: day() });
    await expect(api.customers.licenses.convert({ id: trial.id })).rejects.toMatchObject({ code: 'CONFLICT', message: 'Only trial licenses can be converted to full.' });
  });
});

describe('customers.licenses.discontinue', () => {
  it('ends the license, returns its units once, writes a discontinue transaction and mail; then refuses changes', async () => {
    const api = await as(MSP);
    const license = await assignOne('acme-dental', plans.full, 8);
    const before = await pool(bluefin);
    const after = await api.customers.licenses.discontinue({ id: license.id });
    expect(after).toMatchObject({ status: 'discontinued', autoRenew: false });
    expect(after.unitsReturnedAt).toBeInstanceOf(Date);
    expect(await pool(bluefin)).toEqual({ ...before, full: before.full - 8 });
    expect((await transactionsOf(license.id)).at(-1)).toMatchObject({ type: 'discontinue', previousUnits: 8, newUnits: 0, change: -8 });
    const [mail] = await t.db.select().from(emailMessages).where(eq(emailMessages.event, 'license-discontinued')).orderBy(desc(emailMessages.createdAt)).limit(1);
    expect(mail).toMatchObject({ recipientEmail: expect.any(String) });
    const refused = { code: 'CONFLICT', message: 'This license is discontinued: it can no longer be changed.' };
    await expect(api.customers.licenses.discontinue({ id: license.id })).rejects.toMatchObject(refused);
    await expect(api.customers.licenses.update({ id: license.id, units: 9 })).rejects.toMatchObject(refused);
    await expect(api.customers.licenses.renew({ id: license.id })).rejects.toMatchObject(refused);
    expect(await pool(bluefin)).toEqual({ ...before, full: before.full - 8 });
  });
});

describe('customer disable and enable', () => {
  it('expires live licenses at once and restores their expiry dates and statuses on enable', async () => {
    const api = await as(MSP);
    const golden = await companyByAccount(t.db, 'golden-gate-arch');
    const active = await assignOne('golden-gate-arch', plans.full, 2);
    const laterStart = (await api.customers.licenses.assign({ customerId: golden.id, plans: [{ planId: plans.firstSignIn, units: 1, startsOn: day(10) }] })).items[0]!;
    const ended = await assignOne('golden-gate-arch', plans.full, 1);
    await api.customers.licenses.discontinue({ id: ended.id });
    const poolBefore = await pool(bluefin);

    await api.customers.disable({ id: golden.id });
    const disabled = await licenseRow(active.id);
    expect(disabled).toMatchObject({ status: 'expired', expiresOn: day(), expiresOnBeforeDisable: active.expiresOn, statusBeforeDisable: 'active' });
    expect(await licenseRow(laterStart.id)).toMatchObject({ status: 'expired', statusBeforeDisable: 'pending' });
    expect((await licenseRow(ended.id)).status).toBe('discontinued');
    expect(await pool(bluefin)).toEqual(poolBefore);
    expect((await transactionsOf(active.id)).at(-1)).toMatchObject({ type: 'license-change', previousUnits: 2, newUnits: 2, note: expect.stringContaining('Customer disabled') });
    await expect(api.customers.licenses.update({ id: active.id, units: 3 })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    await api.customers.enable({ id: golden.id });
    expect(await licenseRow(active.id)).toMatchObject({ status: 'active', expiresOn: active.expiresOn, expiresOnBeforeDisable: null, statusBeforeDisable: null });
    expect(await licenseRow(laterStart.id)).toMatchObject({ status: 'pending', expiresOn: laterStart.expiresOn });
    expect((await licenseRow(ended.id)).status).toBe('discontinued');
  });

  it('takes the units back from the pool when the daily run returned them while the customer was disabled', async () => {
    const api = await as(MSP);
    const clinic = await companyByAccount(t.db, 'mission-clinic');
    const license = await assignOne('mission-clinic', plans.full, 9);
    await api.customers.disable({ id: clinic.id });
    await runLicensesDaily(t.db, jobs, day());
    expect((await licenseRow(license.id)).unitsReturnedAt).toBeInstanceOf(Date);
    await api.customers.enable({ id: clinic.id });
    expect(await licenseRow(license.id)).toMatchObject({ status: 'active', expiresOn: license.expiresOn, unitsReturnedAt: null });
    const movements = await t.db.select().from(licensePoolMovements).where(eq(licensePoolMovements.licenseId, license.id)).orderBy(licensePoolMovements.id);
    // Drawn at assignment, returned by the daily run, drawn again on enable.
    expect(movements.map((m) => m.fullUnits)).toEqual([-9, 9, -9]);
  });

  it('brings a license whose original expiry passed while disabled back as expired', async () => {
    const api = await as(MSP);
    const mission = await companyByAccount(t.db, 'mission-clinic');
    const license = await assignOne('mission-clinic', plans.full, 1);
    await api.customers.disable({ id: mission.id });
    // Time passes: the date it would have expired on is now behind us.
    await t.db.update(licenses).set({ expiresOnBeforeDisable: day(-3) }).where(eq(licenses.id, license.id));
    await api.customers.enable({ id: mission.id });
    expect(await licenseRow(license.id)).toMatchObject({ status: 'expired', expiresOn: day(-3), statusBeforeDisable: null });
  });
});

describe('partner cancel', () => {
  it('expires the licenses the partner manages directly on the cancellation day, not those its tier-1 manages', async () => {
    const summitApi = await as('admin@summit-msp.example');
    const tier1 = await as('admin@contoso-networks.example');
    const globex = await companyByAccount(t.db, 'globex');
    const own = (await summitApi.customers.licenses.assign({ customerId: globex.id, plans: [{ planId: plans.summit, units: 4, startsOn: day() }] })).items[0]!;
    const byTier1 = (await tier1.customers.licenses.assign({ customerId: globex.id, plans: [{ planId: plans.contoso, units: 2, startsOn: day() }] })).items[0]!;
    // Every procedure rejects another subtree's ids: Bluefin sees nothing of Summit's customer.
    const other = await as(MSP);
    const notFound = { code: 'NOT_FOUND' };
    await expect(other.customers.licenses.list({ customerId: globex.id })).rejects.toMatchObject(notFound);
    await expect(other.customers.licenses.plans({ customerId: globex.id })).rejects.toMatchObject(notFound);
    await expect(other.customers.licenses.assign({ customerId: globex.id, plans: [{ planId: plans.full, units: 1, startsOn: day() }] })).rejects.toMatchObject(notFound);
    await expect(other.customers.licenses.update({ id: own.id, units: 5 })).rejects.toMatchObject(notFound);
    await expect(other.customers.licenses.renew({ id: own.id })).rejects.toMatchObject(notFound);
    await expect(other.customers.licenses.convert({ id: own.id })).rejects.toMatchObject(notFound);
    await expect(other.customers.licenses.discontinue({ id: own.id })).rejects.toMatchObject(notFound);
    // Nor may it assign another company's plan to its own customer.
    const acme = await companyByAccount(t.db, 'acme-dental');
    await expect(other.customers.licenses.assign({ customerId: acme.id, plans: [{ planId: plans.summit, units: 1, startsOn: day() }] })).rejects.toMatchObject(notFound);

    await tier1.partners.cancel({ id: summit.id, confirmAccountName: 'summit-msp' });
    expect(await licenseRow(own.id)).toMatchObject({ status: 'expired', expiresOn: day(), autoRenew: false });
    expect((await transactionsOf(own.id)).at(-1)).toMatchObject({ type: 'license-change', note: expect.stringContaining('Partner canceled') });
    expect(await licenseRow(byTier1.id)).toMatchObject({ status: 'active', expiresOn: byTier1.expiresOn });
  });
});

describe('who may change a license', () => {
  const TIER1 = 'admin@northwind-distribution.example';
  const userId = async (email: string) => (await signedInAs(t.db, email)).user.id;
  const movementsOf = (licenseId: string) =>
    t.db.select().from(licensePoolMovements).where(eq(licensePoolMovements.licenseId, licenseId)).orderBy(licensePoolMovements.id);

  it('refuses a partner every change to a license its tier-1 manages, naming the manager; no pool moves', async () => {
    const tier1 = await as(TIER1);
    const golden = await companyByAccount(t.db, 'golden-gate-arch');
    const bluefinBefore = await pool(bluefin);
    const northwindBefore = await pool(northwind);
    const { items } = await tier1.customers.licenses.assign({
      customerId: golden.id,
      plans: [
        { planId: plans.northwindFull, units: 1, startsOn: day() },
        { planId: plans.northwindTrial, units: 2, startsOn: day() },
      ],
    });
    const [full, trial] = items;
    // Assigned by the tier-1: its license, drawn from its pool; the partner's pool is untouched.
    expect(full).toMatchObject({ managingCompanyId: northwind.id, units: 1 });
    expect(await pool(northwind)).toEqual({ full: northwindBefore.full + 1, trial: northwindBefore.trial + 2 });
    expect(await pool(bluefin)).toEqual(bluefinBefore);

    const msp = await as(MSP);
    // The partner sees the license (it is its customer's), told who manages it, but may not change it.
    const seen = (await msp.customers.licenses.list({ customerId: golden.id })).items;
    expect(seen.find((l) => l.id === full!.id)).toMatchObject({ managingCompanyName: 'Northwind Distribution', changeable: false });
    expect(seen.find((l) => l.managingCompanyId === bluefin.id)).toMatchObject({ changeable: true });
    const byTier1 = (await tier1.customers.licenses.list({ customerId: golden.id })).items;
    expect(byTier1.every((l) => l.changeable)).toBe(true);
    const refused = {
      code: 'FORBIDDEN',
      message: 'Northwind Distribution manages this license: only Northwind Distribution or a company above it can change it.',
    };
    await expect(msp.customers.licenses.update({ id: full!.id, units: 101 })).rejects.toMatchObject(refused);
    await expect(msp.customers.licenses.update({ id: full!.id, autoRenew: false, expirationNoticeDays: 3 })).rejects.toMatchObject(refused);
    await expect(msp.customers.licenses.renew({ id: full!.id })).rejects.toMatchObject(refused);
    await expect(msp.customers.licenses.convert({ id: trial!.id })).rejects.toMatchObject(refused);
    await expect(msp.customers.licenses.convert({ id: trial!.id, planId: plans.full })).rejects.toMatchObject(refused);
    await expect(msp.customers.licenses.discontinue({ id: full!.id })).rejects.toMatchObject(refused);
    await expect(msp.customers.licenses.discontinue({ id: trial!.id })).rejects.toMatchObject(refused);

    expect(await pool(northwind)).toEqual({ full: northwindBefore.full + 1, trial: northwindBefore.trial + 2 });
    expect(await pool(bluefin)).toEqual(bluefinBefore);
    expect(await licenseRow(full!.id)).toMatchObject({ units: 1, status: 'active', autoRenew: full!.autoRenew, expiresOn: full!.expiresOn });
    expect(await licenseRow(trial!.id)).toMatchObject({ units: 2, status: 'active', versionType: 'trial' });
    expect(await transactionsOf(full!.id)).toHaveLength(1);
    expect(await movementsOf(full!.id)).toHaveLength(1);

    // The tier-1 itself changes it on its own pool.
    await tier1.customers.licenses.update({ id: full!.id, units: 3 });
    expect(await pool(northwind)).toMatchObject({ full: northwindBefore.full + 3 });
    expect(await pool(bluefin)).toEqual(bluefinBefore);
  });

  it('lets the tier-1 change a license its partner manages: the units move on the partner’s pool, recorded with the tier-1’s user', async () => {
    const tier1 = await as(TIER1);
    const tier1User = await userId(TIER1);
    const golden = await companyByAccount(t.db, 'golden-gate-arch');
    const full = await assignOne('golden-gate-arch', plans.full, 10);
    const trial = await assignOne('golden-gate-arch', plans.trial, 3);
    const bluefinBefore = await pool(bluefin);
    const northwindBefore = await pool(northwind);

    await tier1.customers.licenses.update({ id: full.id, units: 15 });
    expect(await pool(bluefin)).toEqual({ ...bluefinBefore, full: bluefinBefore.full + 5 });
    expect((await movementsOf(full.id)).at(-1)).toMatchObject({ companyId: bluefin.id, fullUnits: -5, actorUserId: tier1User, counterpartCompanyId: golden.id });
    expect((await transactionsOf(full.id)).at(-1)).toMatchObject({ type: 'license-change', previousUnits: 10, newUnits: 15, actorUserId: tier1User, actorCompanyId: northwind.id });

    const renewed = await tier1.customers.licenses.renew({ id: full.id });
    expect(renewed).toMatchObject({ managingCompanyId: bluefin.id, units: 15 });

    // A conversion continues on a plan of the managing company, the units on its pool.
    await expect(tier1.customers.licenses.convert({ id: trial.id, planId: plans.northwindFull })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Bluefin IT Services manages this license: choose one of its full plans of the same product.',
    });
    const converted = await tier1.customers.licenses.convert({ id: trial.id, planId: plans.full });
    expect(converted).toMatchObject({ versionType: 'full', planId: plans.full, managingCompanyId: bluefin.id });
    expect(await pool(bluefin)).toEqual({ full: bluefinBefore.full + 5 + 3, trial: bluefinBefore.trial - 3 });

    await tier1.customers.licenses.discontinue({ id: full.id });
    expect(await pool(bluefin)).toEqual({ full: bluefinBefore.full + 3 - 10, trial: bluefinBefore.trial - 3 });
    expect((await movementsOf(full.id)).at(-1)).toMatchObject({ companyId: bluefin.id, fullUnits: 15, actorUserId: tier1User, note: 'Discontinued' });
    expect(await pool(northwind)).toEqual(northwindBefore);
  });
});

describe('privileges', () => {
  it('refuses changes without customers.modify and the list without customers.view', async () => {
    const reseller = await as('customer-account-manager@harbor-resellers.example');
    const beacon = await companyByAccount(t.db, 'beacon-accounting');
    expect((await reseller.customers.licenses.list({ customerId: beacon.id })).items).toEqual([]);
    await expect(reseller.customers.licenses.assign({ customerId: beacon.id, plans: [{ planId: plans.full, units: 1, startsOn: day() }] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const licenseManager = await as('license-manager@bluefin-it.example');
    const acme = await companyByAccount(t.db, 'acme-dental');
    await expect(licenseManager.customers.licenses.list({ customerId: acme.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const [license] = await t.db.select().from(licenses).where(eq(licenses.companyId, acme.id)).limit(1);
    for (const call of [
      licenseManager.customers.licenses.update({ id: license!.id, units: 2 }),
      licenseManager.customers.licenses.renew({ id: license!.id }),
      licenseManager.customers.licenses.convert({ id: license!.id }),
      licenseManager.customers.licenses.discontinue({ id: license!.id }),
    ]) {
      await expect(call).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    const [unchanged] = await t.db.select({ status: companies.status }).from(companies).where(eq(companies.id, acme.id));
    expect(unchanged!.status).toBe('enabled');
  });
});

describe('demo licenses', () => {
  it('shows the seeded states on the Licenses tab: active, trial, expiring soon, expired with units back, pending', async () => {
    const api = await as('customer-account-manager@bluefin-it.example');
    const listOf = async (account: string) => (await api.customers.licenses.list({ customerId: (await companyByAccount(t.db, account)).id, sort: { by: 'startsOn', direction: 'asc' } })).items;
    const sequoia = await listOf('sequoia-law');
    expect(sequoia.find((l) => l.planName === 'Endpoint Protection Annual')).toMatchObject({ status: 'active', expiringSoon: true, units: 15 });
    expect(sequoia.find((l) => l.planName === 'Web Gateway Trial')).toMatchObject({ status: 'active', versionType: 'trial', units: 5 });
    const [expired] = await listOf('redwood-bakery');
    expect(expired).toMatchObject({ status: 'expired', planName: 'Endpoint Protection Annual' });
    expect(expired!.unitsReturnedAt).toBeInstanceOf(Date);
    expect((await listOf('mission-clinic')).find((l) => l.planName === 'Endpoint Protection 3 Years')).toMatchObject({ status: 'pending' });
    const [purchase] = await transactionsOf(expired!.id);
    expect(purchase).toMatchObject({ type: 'new-purchase', newUnits: 12 });
  });
});
