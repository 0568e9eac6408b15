import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import {
  auditLog,
  companies,
  customerTransactions,
  dataCenters,
  licenses,
  products,
  servicePlanResellers,
  servicePlans,
} from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { actorFor, companyByAccount, createSeededDb, DEMO_PASSWORD } from '@keyway/core/testing';
import { seedDemoData } from '@keyway/core/seed';
import { changeProductComposition } from '@keyway/core/catalog';
import { assignablePlan } from '@keyway/core/service-plans';
import { callerAs } from '../testing/callers.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createSeededDb();
});
afterAll(() => t.drop());

const as = (email: string) => callerAs(t.db, email);
const product = async (code: string) => (await t.db.select().from(products).where(eq(products.code, code)))[0]!;
const center = async (code: string) => (await t.db.select().from(dataCenters).where(eq(dataCenters.code, code)))[0]!;

async function newPlan(overrides: Record<string, unknown> = {}) {
  const ce = await product('CE');
  const us = await center('us-east');
  return {
    name: 'Mail Shield Monthly',
    productId: ce.id,
    versionType: 'full' as const,
    unitType: 'mailbox',
    unitsPerLicense: 1,
    initialPeriodMonths: 12,
    dataCenterId: us.id,
    ...overrides,
  };
}

const lastAudit = async (targetId: string) =>
  (await t.db.select().from(auditLog).where(eq(auditLog.targetId, targetId)).orderBy(asc(auditLog.id))).map((a) => a.action);

describe('servicePlans.create', () => {
  it('creates an MSP plan with the data center region, stamps and an audit row', async () => {
    const api = await as('admin@bluefin-it.example');
    const { id } = (await api.servicePlans.create(await newPlan({ name: 'Bluefin Mail 12', trialSignupUrl: 'https://bluefin.example/try' })))!;
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const [row] = await t.db.select().from(servicePlans).where(eq(servicePlans.id, id));
    expect(row).toMatchObject({ companyId: bluefin.id, channelId: bluefin.channelId, partnerId: bluefin.id, region: 'us', enabled: true, versionType: 'full' });
    expect(await lastAudit(id)).toEqual(['service-plan.create']);
    const got = await api.servicePlans.get({ id });
    expect(got).toMatchObject({ name: 'Bluefin Mail 12', locked: false, dataCenter: { region: 'us' }, product: { code: 'CE' } });
  });

  it('refuses a trial plan longer than 1 month with a message naming the rule', async () => {
    const api = await as('admin@bluefin-it.example');
    await expect(api.servicePlans.create(await newPlan({ name: 'Long Trial', versionType: 'trial', initialPeriodMonths: 12 }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: "A trial plan's initial license period is 1 month, not 12.",
    });
    const ok = await api.servicePlans.create(await newPlan({ name: 'Short Trial', versionType: 'trial', initialPeriodMonths: 1 }));
    expect(ok!.name).toBe('Short Trial');
  });

  it('refuses a period outside 1–66 months, zero units and a non-https sign-up URL', async () => {
    const api = await as('admin@bluefin-it.example');
    await expect(api.servicePlans.create(await newPlan({ name: 'Too Long', initialPeriodMonths: 67 }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'initialPeriodMonths: The initial license period is at most 66 months.',
    });
    await expect(api.servicePlans.create(await newPlan({ name: 'No Units', unitsPerLicense: 0 }))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(api.servicePlans.create(await newPlan({ name: 'Plain URL', trialSignupUrl: 'http://bluefin.example' }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'trialSignupUrl: The trial sign-up form URL must be an https:// address.',
    });
  });

  it('refuses a name already used by the same owner, whatever the case, but not by another owner', async () => {
    const bluefin = await as('admin@bluefin-it.example');
    await bluefin.servicePlans.create(await newPlan({ name: 'Shared Name' }));
    await expect(bluefin.servicePlans.create(await newPlan({ name: 'shared NAME' }))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'You already have a service plan named "Shared Name". Choose another name.',
    });
    const summit = await as('admin@summit-msp.example');
    await expect(summit.servicePlans.create(await newPlan({ name: 'Shared Name' }))).resolves.toMatchObject({ name: 'Shared Name' });
  });

  it('checks the unit type, the data center of SaaS products and none for installed ones', async () => {
    const api = await as('admin@bluefin-it.example');
    await expect(api.servicePlans.create(await newPlan({ name: 'Per Seat', unitType: 'seat' }))).rejects.toMatchObject({
      message: 'Cloud Email Security is sold per mailbox, not per seat.',
    });
    await expect(api.servicePlans.create(await newPlan({ name: 'Nowhere', dataCenterId: null }))).rejects.toMatchObject({
      message: 'Cloud Email Security runs as a service: choose the data center its licenses use.',
    });
    const ss = await product('SS');
    await expect(
      api.servicePlans.create(await newPlan({ name: 'Servers', productId: ss.id, unitType: 'server' })),
    ).rejects.toMatchObject({ message: 'Server Security is installed by the customer: its plans have no data center.' });
    const created = await api.servicePlans.create(await newPlan({ name: 'Servers', productId: ss.id, unitType: 'server', dataCenterId: null }));
    const [row] = await t.db.select().from(servicePlans).where(eq(servicePlans.id, created!.id));
    expect(row).toMatchObject({ dataCenterId: null, region: null });
  });

  it('refuses a disabled product or data center', async () => {
    const api = await as('admin@bluefin-it.example');
    const jp = await center('jp-east');
    await t.db.update(dataCenters).set({ enabled: false }).where(eq(dataCenters.id, jp.id));
    await expect(api.servicePlans.create(await newPlan({ name: 'Tokyo', dataCenterId: jp.id }))).rejects.toMatchObject({
      message: 'The data center Japan East (Tokyo) is disabled: choose another one.',
    });
    // A plan already running there keeps it when other terms change.
    await t.db.update(dataCenters).set({ enabled: true }).where(eq(dataCenters.id, jp.id));
    const tokyo = (await api.servicePlans.create(await newPlan({ name: 'Tokyo', dataCenterId: jp.id })))!;
    await t.db.update(dataCenters).set({ enabled: false }).where(eq(dataCenters.id, jp.id));
    await expect(api.servicePlans.update({ id: tokyo.id, expirationNoticeDays: 10 })).resolves.toMatchObject({ name: 'Tokyo' });
    await t.db.update(dataCenters).set({ enabled: true }).where(eq(dataCenters.id, jp.id));
  });

  it('makes one plan out of two creates racing for one name, and refuses the other clearly', async () => {
    const api = await as('admin@bluefin-it.example');
    const input = await newPlan({ name: 'Racing Plan' });
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => api.servicePlans.create(input)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({
        code: 'CONFLICT',
        message: 'You already have a service plan named "Racing Plan". Choose another name.',
      });
    }
  });

  it('allows one NFR plan per product per data center region', async () => {
    const api = await as('admin@summit-msp.example');
    const wg = await product('WG');
    const eu = await center('eu-central');
    const us = await center('us-east');
    const nfr = { productId: wg.id, unitType: 'user', nfr: true };
    await api.servicePlans.create(await newPlan({ ...nfr, name: 'Gateway NFR EU', dataCenterId: eu.id }));
    await expect(api.servicePlans.create(await newPlan({ ...nfr, name: 'Gateway NFR EU 2', dataCenterId: eu.id }))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: '"Gateway NFR EU" is already your NFR plan for Web Gateway in the eu region: there is one NFR plan per product and region.',
    });
    await expect(api.servicePlans.create(await newPlan({ ...nfr, name: 'Gateway NFR US', dataCenterId: us.id }))).resolves.toBeTruthy();
    // Another owner has its own NFR plan for the same product and region.
    const bluefin = await as('admin@bluefin-it.example');
    await expect(bluefin.servicePlans.create(await newPlan({ ...nfr, name: 'Gateway NFR EU', dataCenterId: eu.id }))).resolves.toBeTruthy();
  });

  it('is refused to resellers, who hold no service plan permission', async () => {
    const api = await as('admin@harbor-resellers.example');
    await expect(api.servicePlans.create(await newPlan({ name: 'Reseller Plan' }))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(api.servicePlans.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('servicePlans.update', () => {
  it('changes the terms and moves the region with the data center; audited', async () => {
    const api = await as('admin@bluefin-it.example');
    const { id } = (await api.servicePlans.create(await newPlan({ name: 'Movable' })))!;
    const eu = await center('eu-central');
    await api.servicePlans.update({ id, dataCenterId: eu.id, initialPeriodMonths: 24, autoRenew: true });
    const got = await api.servicePlans.get({ id });
    expect(got).toMatchObject({ region: 'eu', initialPeriodMonths: 24, autoRenew: true, name: 'Movable' });
    expect(await lastAudit(id)).toEqual(['service-plan.create', 'service-plan.update']);
  });

  it('keeps the version type and the product fixed', async () => {
    const api = await as('admin@bluefin-it.example');
    const { id } = (await api.servicePlans.create(await newPlan({ name: 'Fixed' })))!;
    await expect(api.servicePlans.update({ id, versionType: 'trial', initialPeriodMonths: 1 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'The version type of a service plan is fixed at creation: "Fixed" stays a full plan.',
    });
    const ep = await product('EP');
    await expect(api.servicePlans.update({ id, productId: ep.id })).rejects.toMatchObject({
      message: 'The product of a service plan is fixed at creation: create a new plan for another product.',
    });
    // Sent back unchanged, they are accepted.
    await expect(api.servicePlans.update({ id, versionType: 'full', productId: (await product('CE')).id, name: 'Fixed Still' })).resolves.toMatchObject({
      name: 'Fixed Still',
    });
  });

  it('refuses a trial plan a longer period and an NFR flag that would make a second NFR plan', async () => {
    const api = await as('admin@bluefin-it.example');
    const trial = (await api.servicePlans.create(await newPlan({ name: 'Trial Edit', versionType: 'trial', initialPeriodMonths: 1 })))!;
    await expect(api.servicePlans.update({ id: trial.id, initialPeriodMonths: 3 })).rejects.toMatchObject({
      message: "A trial plan's initial license period is 1 month, not 3.",
    });
    const ep = await product('EP');
    const us = await center('us-east');
    await api.servicePlans.create(await newPlan({ name: 'EP NFR', productId: ep.id, unitType: 'device', nfr: true, dataCenterId: us.id }));
    const other = (await api.servicePlans.create(await newPlan({ name: 'EP Other', productId: ep.id, unitType: 'device', dataCenterId: us.id })))!;
    await expect(api.servicePlans.update({ id: other.id, nfr: true })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('answers NOT_FOUND for another company’s plan, whether in another subtree or the tier-1’s own MSP', async () => {
    const bluefin = await as('admin@bluefin-it.example');
    const { id } = (await bluefin.servicePlans.create(await newPlan({ name: 'Private Plan' })))!;
    for (const email of ['admin@summit-msp.example', 'admin@contoso-networks.example', 'admin@northwind-distribution.example']) {
      const other = await as(email);
      await expect(other.servicePlans.get({ id })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Service plan was not found.' });
      await expect(other.servicePlans.update({ id, name: 'Taken Over' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(other.servicePlans.setEnabled({ id, enabled: false })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(other.servicePlans.approveChanges({ id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
  });
});

describe('servicePlans.setEnabled', () => {
  it('disables a plan: it can no longer be assigned, licenses already assigned stay as they are', async () => {
    const api = await as('admin@bluefin-it.example');
    const { id } = (await api.servicePlans.create(await newPlan({ name: 'Retiring' })))!;
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const acme = await companyByAccount(t.db, 'acme-dental');
    const ce = await product('CE');
    const [license] = await t.db
      .insert(licenses)
      .values({
        companyId: acme.id,
        channelId: acme.channelId,
        partnerId: acme.partnerId,
        customerId: acme.id,
        managingCompanyId: bluefin.id,
        planId: id,
        productId: ce.id,
        versionType: 'full',
        unitType: 'mailbox',
        units: 10,
        status: 'active',
        startsOn: '2026-01-01',
        expiresOn: '2027-01-01',
        chargeStartsOn: '2026-01-01',
      })
      .returning();
    await api.servicePlans.setEnabled({ id, enabled: false });
    const actor = await actorFor(t.db, 'admin@bluefin-it.example');
    await expect(t.db.transaction((tx) => assignablePlan(tx, actor, id))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'The service plan Retiring is disabled: enable it before assigning it.',
    });
    const [after] = await t.db.select().from(licenses).where(eq(licenses.id, license!.id));
    expect(after).toMatchObject({ status: 'active', units: 10, expiresOn: '2027-01-01' });
    const listed = await api.servicePlans.list({ filters: { enabled: false, query: 'retir' } });
    expect(listed.items.map((p) => p.name)).toEqual(['Retiring']);
    await api.servicePlans.setEnabled({ id, enabled: true });
    await expect(t.db.transaction((tx) => assignablePlan(tx, actor, id))).resolves.toMatchObject({ plan: { id } });
    expect(await lastAudit(id)).toEqual(['service-plan.create', 'service-plan.disable', 'service-plan.enable']);
  });
});

describe('servicePlans.list', () => {
  it('lists only the caller’s own plans with filters, sorting and paging', async () => {
    const api = await as('admin@contoso-networks.example');
    const all = await api.servicePlans.list({ limit: 100 });
    const contoso = await companyByAccount(t.db, 'contoso-networks');
    const own = await t.db.select().from(servicePlans).where(eq(servicePlans.companyId, contoso.id));
    expect(all.total).toBe(own.length);
    expect(all.items.every((p) => p.companyId === contoso.id)).toBe(true);
    const names = all.items.map((p) => p.name);
    expect(names).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));

    const page1 = await api.servicePlans.list({ limit: 3 });
    const page2 = await api.servicePlans.list({ limit: 3, cursor: page1.nextCursor! });
    expect([...page1.items, ...page2.items].map((p) => p.name)).toEqual(names.slice(0, 6));

    const trials = await api.servicePlans.list({ filters: { versionType: 'trial' } });
    expect(trials.items.length).toBeGreaterThan(0);
    expect(trials.items.every((p) => p.versionType === 'trial')).toBe(true);
    const nfr = await api.servicePlans.list({ filters: { nfr: true } });
    expect(nfr.items.map((p) => p.name)).toEqual(['Email Security NFR']);
    const ep = await product('EP');
    const byProduct = await api.servicePlans.list({ filters: { productId: ep.id }, sort: { by: 'initialPeriodMonths', direction: 'desc' } });
    expect(byProduct.items.map((p) => p.initialPeriodMonths)).toEqual([36, 12]);
  });
});

describe('locking by a product composition change', () => {
  it('locks the product’s plans until their owner approves, and records a transaction per live license', async () => {
    const api = await as('admin@summit-msp.example');
    const bk = await product('BK');
    const eu = await center('eu-central');
    const { id } = (await api.servicePlans.create(await newPlan({ name: 'Backup Annual', productId: bk.id, unitType: 'device', dataCenterId: eu.id })))!;
    const summit = await companyByAccount(t.db, 'summit-msp');
    const globex = await companyByAccount(t.db, 'globex');
    const base = {
      companyId: globex.id,
      channelId: globex.channelId,
      partnerId: globex.partnerId,
      customerId: globex.id,
      managingCompanyId: summit.id,
      planId: id,
      productId: bk.id,
      versionType: 'full' as const,
      unitType: 'device',
      startsOn: '2026-01-01',
      expiresOn: '2027-01-01',
      chargeStartsOn: '2026-01-01',
    };
    const [live] = await t.db.insert(licenses).values({ ...base, units: 25, status: 'active' }).returning();
    await t.db.insert(licenses).values({ ...base, units: 5, status: 'discontinued' });

    const bkPlans = await t.db.$count(servicePlans, eq(servicePlans.productId, bk.id));
    const result = await changeProductComposition(t.db, bk.id, { description: 'Adds mailbox archiving.' });
    expect(result).toEqual({ compositionVersion: bk.compositionVersion + 1, transactions: 1, lockedPlans: bkPlans });
    const rows = await t.db.select().from(customerTransactions).where(eq(customerTransactions.productId, bk.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      type: 'suite-composition-change',
      licenseId: live!.id,
      previousUnits: 25,
      newUnits: 25,
      change: 0,
      actorUserId: null,
      customerId: globex.id,
    });

    expect(await api.servicePlans.get({ id })).toMatchObject({ locked: true });
    expect((await api.servicePlans.list({ filters: { locked: true } })).items.map((p) => p.name)).toEqual(['Backup Annual']);
    await expect(api.servicePlans.update({ id, name: 'Backup Renamed' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: '"Backup Annual" is locked: the vendor changed Cloud Backup. Review the change and approve it before editing or assigning the plan.',
    });
    const actor = await actorFor(t.db, 'admin@summit-msp.example');
    await expect(t.db.transaction((tx) => assignablePlan(tx, actor, id))).rejects.toMatchObject({ code: 'CONFLICT' });

    await api.servicePlans.approveChanges({ id });
    expect(await api.servicePlans.get({ id })).toMatchObject({ locked: false, approvedCompositionVersion: bk.compositionVersion + 1 });
    await expect(api.servicePlans.approveChanges({ id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: '"Backup Annual" has no product changes waiting for approval.',
    });
    await expect(api.servicePlans.update({ id, name: 'Backup Renamed' })).resolves.toMatchObject({ name: 'Backup Renamed' });
    await expect(t.db.transaction((tx) => assignablePlan(tx, actor, id))).resolves.toMatchObject({ plan: { id } });
    expect(await lastAudit(id)).toContain('service-plan.approve-changes');
  });
});

describe('servicePlans.assignToReseller / unassignFromReseller', () => {
  it('lets a tier-1 lend its plan to its own reseller, who can then assign it; unassigning takes it back', async () => {
    const api = await as('admin@northwind-distribution.example');
    const { id } = (await api.servicePlans.create(await newPlan({ name: 'Northwind Mail for Harbor' })))!;
    const harbor = await companyByAccount(t.db, 'harbor-resellers');
    const resellerActor = await actorFor(t.db, 'admin@harbor-resellers.example');
    await expect(t.db.transaction((tx) => assignablePlan(tx, resellerActor, id))).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await api.servicePlans.assignToReseller({ planId: id, resellerId: harbor.id });
    await api.servicePlans.assignToReseller({ planId: id, resellerId: harbor.id });
    const [link] = await t.db.select().from(servicePlanResellers).where(eq(servicePlanResellers.planId, id));
    expect(link).toMatchObject({ resellerId: harbor.id, channelId: harbor.channelId, partnerId: harbor.id });
    const tab = await api.servicePlans.list({ filters: { resellerId: harbor.id, query: 'Harbor' } });
    expect(tab.items.map((p) => p.name)).toEqual(['Northwind Mail for Harbor']);
    await expect(t.db.transaction((tx) => assignablePlan(tx, resellerActor, id))).resolves.toMatchObject({ plan: { id } });
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.targetId, id), eq(auditLog.companyId, harbor.id)));
    expect(audits.map((a) => a.action)).toEqual(['service-plan.assign-reseller']);

    await api.servicePlans.unassignFromReseller({ planId: id, resellerId: harbor.id });
    expect(await t.db.select().from(servicePlanResellers).where(eq(servicePlanResellers.planId, id))).toHaveLength(0);
    await expect(t.db.transaction((tx) => assignablePlan(tx, resellerActor, id))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses MSPs, another channel’s resellers and plans, and MSP callers', async () => {
    const api = await as('admin@northwind-distribution.example');
    const { id } = (await api.servicePlans.create(await newPlan({ name: 'Northwind Only' })))!;
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const redwood = await companyByAccount(t.db, 'redwood-reseller');
    const harbor = await companyByAccount(t.db, 'harbor-resellers');
    await expect(api.servicePlans.assignToReseller({ planId: id, resellerId: bluefin.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Bluefin IT Services is an MSP: MSPs create their own service plans; only resellers are assigned plans.',
    });
    await expect(api.servicePlans.assignToReseller({ planId: id, resellerId: redwood.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Partner was not found.',
    });
    await expect(api.servicePlans.list({ filters: { resellerId: redwood.id } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const contoso = await as('admin@contoso-networks.example');
    await expect(contoso.servicePlans.assignToReseller({ planId: id, resellerId: redwood.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Service plan was not found.',
    });
    await expect(contoso.servicePlans.unassignFromReseller({ planId: id, resellerId: harbor.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const msp = await as('admin@bluefin-it.example');
    await expect(msp.servicePlans.assignToReseller({ planId: id, resellerId: harbor.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // A customer id is not a reseller either.
    const pinecrest = await companyByAccount(t.db, 'pinecrest-medical');
    await expect(api.servicePlans.assignToReseller({ planId: id, resellerId: pinecrest.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses to change a suspended reseller’s plans either way', async () => {
    const api = await as('admin@contoso-networks.example');
    const { id } = (await api.servicePlans.create(await newPlan({ name: 'Contoso Lend', dataCenterId: (await center('eu-central')).id })))!;
    const redwood = await companyByAccount(t.db, 'redwood-reseller');
    await api.servicePlans.assignToReseller({ planId: id, resellerId: redwood.id });
    await t.db.update(companies).set({ status: 'suspended' }).where(eq(companies.id, redwood.id));
    const refusal = { code: 'FORBIDDEN', message: 'Redwood Reseller is suspended: only its profile can be changed until it is reactivated.' };
    await expect(api.servicePlans.assignToReseller({ planId: id, resellerId: redwood.id })).rejects.toMatchObject(refusal);
    await expect(api.servicePlans.unassignFromReseller({ planId: id, resellerId: redwood.id })).rejects.toMatchObject(refusal);
    await t.db.update(companies).set({ status: 'active' }).where(eq(companies.id, redwood.id));
    await expect(api.servicePlans.unassignFromReseller({ planId: id, resellerId: redwood.id })).resolves.toMatchObject({ assigned: false });
  });
});

describe('seeded plans', () => {
  it('gives every tier-1 and MSP plans, and lends some of each tier-1’s to its resellers', async () => {
    for (const account of ['northwind-distribution', 'contoso-networks', 'bluefin-it', 'summit-msp']) {
      const company = await companyByAccount(t.db, account);
      const rows = await t.db.select().from(servicePlans).where(eq(servicePlans.companyId, company.id));
      expect(rows.filter((p) => p.nfr && p.name === 'Email Security NFR')).toHaveLength(1);
      expect(rows.some((p) => p.versionType === 'trial')).toBe(true);
    }
    const harbor = await companyByAccount(t.db, 'harbor-resellers');
    const lent = await t.db.select().from(servicePlanResellers).where(eq(servicePlanResellers.resellerId, harbor.id));
    expect(lent.length).toBeGreaterThan(0);
  });

  it('seeding again adds no plan and no assignment', async () => {
    const before = { plans: (await t.db.select().from(servicePlans)).length, links: (await t.db.select().from(servicePlanResellers)).length };
    await seedDemoData(t.db, DEMO_PASSWORD);
    const after = { plans: (await t.db.select().from(servicePlans)).length, links: (await t.db.select().from(servicePlanResellers)).length };
    expect(after).toEqual(before);
  });
});
