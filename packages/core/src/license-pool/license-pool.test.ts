import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { PgBoss } from 'pg-boss';
import { companies, emailMessages, licensePoolMovements, licensePools, licenseRequests, products, users } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { createJobQueue, licensePoolAutoRefill, type JobQueue } from '../jobs/index.ts';
import { actorFor, companyByAccount, createSeededDb, waitForQueue } from '../testing/index.ts';
import { seedLicensePools } from '../seed/index.ts';
import { assignPartnerLicenses, listPartnerLicenses, setPartnerLicensesDisabled } from '../partners/index.ts';
import { addMoreLicenses, listPools, refillPool, runAutoRefill, setAutoRefill, setMinimum } from './pools.ts';
import { approveLicenseRequest, createLicenseRequest, listLicenseRequests, rejectLicenseRequest } from './requests.ts';
import { drawUnits } from './units.ts';

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

const origin = { origin: 'http://console.test' };
const NORTHWIND_ADMIN = 'admin@northwind-distribution.example';
const BLUEFIN_ADMIN = 'admin@bluefin-it.example';

async function productByCode(code: string) {
  const [row] = await t.db.select().from(products).where(eq(products.code, code));
  return row!;
}

async function pool(accountName: string, code: string) {
  const company = await companyByAccount(t.db, accountName);
  const product = await productByCode(code);
  const [row] = await t.db
    .select()
    .from(licensePools)
    .where(and(eq(licensePools.companyId, company.id), eq(licensePools.productId, product.id)));
  return row;
}

async function ledger(poolId: string) {
  const [sum] = await t.db
    .select({
      full: sql<number>`coalesce(sum(${licensePoolMovements.fullUnits}), 0)::int`,
      trial: sql<number>`coalesce(sum(${licensePoolMovements.trialUnits}), 0)::int`,
    })
    .from(licensePoolMovements)
    .where(eq(licensePoolMovements.poolId, poolId));
  return sum!;
}

describe('the demo pools', () => {
  it('give each tier-1 stock from the vendor and each partner an assignment, and seeding again adds nothing', async () => {
    const northwind = await pool('northwind-distribution', 'CE');
    const bluefin = await pool('bluefin-it', 'CE');
    expect(northwind).toMatchObject({ fullTotal: 2000, fullAssigned: 500, trialTotal: 200, trialAssigned: 40 });
    expect(bluefin).toMatchObject({ fullTotal: 250, trialTotal: 20, fullCapacity: 300 });
    await t.db.transaction((tx) => seedLicensePools(tx));
    expect(await pool('northwind-distribution', 'CE')).toEqual(northwind);
  });
});

describe('licensePool.list', () => {
  it('shows a line per product with totals, remaining and status; products without a pool show as zero', async () => {
    const actor = await actorFor(t.db, NORTHWIND_ADMIN);
    const list = await listPools(t.db, actor, {});
    const byCode = Object.fromEntries(list.items.map((line) => [line.productCode, line]));
    expect(byCode.CE).toMatchObject({ full: { total: 2000, assigned: 500, remaining: 1500 }, trial: { total: 200, assigned: 40, remaining: 160 }, status: 'normal' });
    expect(byCode.BK).toMatchObject({ poolId: null, full: { total: 0, assigned: 0, remaining: 0 }, status: 'empty' });
    expect(list.company).toMatchObject({ tier: 'tier1', refillAllowed: false, addMoreUnits: 500 });

    const bluefin = await actorFor(t.db, BLUEFIN_ADMIN);
    await setMinimum(t.db, bluefin, { productId: byCode.CE!.productId, minimum: 400 });
    const mine = await listPools(t.db, bluefin, { filters: { status: 'low' } });
    expect(mine.items.map((line) => line.productCode)).toEqual(['CE']);
    await setMinimum(t.db, bluefin, { productId: byCode.CE!.productId, minimum: 50 });
  });
});

describe('licensePool.addMore', () => {
  it('adds 500 units from the vendor and records the movement and an audit row', async () => {
    const actor = await actorFor(t.db, NORTHWIND_ADMIN);
    const ss = await productByCode('SS');
    const before = await pool('northwind-distribution', 'SS');
    const added = await addMoreLicenses(t.db, actor, { productId: ss.id, versionType: 'full' });
    expect(added.line.full.total).toBe(before!.fullTotal + 500);
    const [movement] = await t.db
      .select()
      .from(licensePoolMovements)
      .where(and(eq(licensePoolMovements.poolId, before!.id), eq(licensePoolMovements.kind, 'vendor-issue')))
      .orderBy(sql`${licensePoolMovements.id} desc`)
      .limit(1);
    expect(movement).toMatchObject({ fullUnits: 500, actorUserId: actor.userId });
    const audit = await t.db.execute(sql`select action from audit_log where target_id = ${before!.id} and action = 'license-pool.add-more'`);
    expect(audit).toHaveLength(1);
  });

  it('is refused to a tier-2', async () => {
    const actor = await actorFor(t.db, BLUEFIN_ADMIN);
    const ss = await productByCode('SS');
    await expect(addMoreLicenses(t.db, actor, { productId: ss.id, versionType: 'full' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('assigning licenses to partners under concurrency', () => {
  it('50 concurrent assignments at a pool that serves 16 of them: 16 succeed, 34 get the clear refusal, nothing is overdrawn', async () => {
    const actor = await actorFor(t.db, NORTHWIND_ADMIN);
    const bk = await productByCode('BK');
    await addMoreLicenses(t.db, actor, { productId: bk.id, versionType: 'full' });
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const harbor = await companyByAccount(t.db, 'harbor-resellers');
    const UNITS = 30;

    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        assignPartnerLicenses(t.db, jobs, actor, { partnerId: i % 2 ? bluefin.id : harbor.id, productId: bk.id, fullUnits: UNITS }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(Math.floor(500 / UNITS));
    expect(refused).toHaveLength(50 - Math.floor(500 / UNITS));
    for (const r of refused) {
      expect(r.reason).toMatchObject({ code: 'CONFLICT' });
      expect(r.reason.message).toMatch(/^Northwind Distribution has \d+ full Cloud Backup units? left; 30 were asked for\.$/);
    }

    const tier1 = await pool('northwind-distribution', 'BK');
    expect(tier1).toMatchObject({ fullTotal: 500, fullAssigned: 16 * UNITS });
    expect(tier1!.fullAssigned).toBeLessThanOrEqual(tier1!.fullTotal);
    const partners = [await pool('bluefin-it', 'BK'), await pool('harbor-resellers', 'BK')];
    expect(partners.reduce((sum, p) => sum + p!.fullTotal, 0)).toBe(tier1!.fullAssigned);
    // The ledger says the same as the pool rows.
    expect((await ledger(tier1!.id)).full).toBe(tier1!.fullTotal - tier1!.fullAssigned);
    for (const p of partners) expect((await ledger(p!.id)).full).toBe(p!.fullTotal);
    const assignments = await t.db
      .select()
      .from(licensePoolMovements)
      .where(and(eq(licensePoolMovements.poolId, tier1!.id), eq(licensePoolMovements.kind, 'partner-assignment')));
    expect(assignments).toHaveLength(16);
  });

  it('lists the partner’s pools, sets its refill capacity, and refuses a suspended partner with the guard’s message', async () => {
    const actor = await actorFor(t.db, NORTHWIND_ADMIN);
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const wg = await productByCode('WG');
    const assigned = await assignPartnerLicenses(t.db, jobs, actor, { partnerId: bluefin.id, productId: wg.id, trialUnits: 5, fullUnits: 10, fullCapacity: 200 });
    expect(assigned.line).toMatchObject({ trial: { total: 15 }, full: { total: 110 }, fullCapacity: 200 });
    const list = await listPartnerLicenses(t.db, actor, { partnerId: bluefin.id });
    expect(list.items.find((line) => line.productCode === 'WG')).toMatchObject({ full: { total: 110 }, fullCapacity: 200 });

    await t.db.update(companies).set({ status: 'suspended' }).where(eq(companies.id, bluefin.id));
    try {
      await expect(assignPartnerLicenses(t.db, jobs, actor, { partnerId: bluefin.id, productId: wg.id, fullUnits: 1 })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: 'Bluefin IT Services is suspended: only its profile can be changed until it is reactivated.',
      });
    } finally {
      await t.db.update(companies).set({ status: 'active' }).where(eq(companies.id, bluefin.id));
    }
  });

  it('answers NOT_FOUND for a partner of another channel', async () => {
    const actor = await actorFor(t.db, NORTHWIND_ADMIN);
    const summit = await companyByAccount(t.db, 'summit-msp');
    const wg = await productByCode('WG');
    await expect(listPartnerLicenses(t.db, actor, { partnerId: summit.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(assignPartnerLicenses(t.db, jobs, actor, { partnerId: summit.id, productId: wg.id, fullUnits: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(setPartnerLicensesDisabled(t.db, actor, { partnerId: summit.id, productId: wg.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('disables an MSP’s licenses of a product: its draws are refused until enabled again', async () => {
    const actor = await actorFor(t.db, NORTHWIND_ADMIN);
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const harbor = await companyByAccount(t.db, 'harbor-resellers');
    const ce = await productByCode('CE');
    const disabled = await setPartnerLicensesDisabled(t.db, actor, { partnerId: bluefin.id, productId: ce.id, disabled: true });
    expect(disabled.disabledAt).toBeInstanceOf(Date);
    await expect(
      t.db.transaction((tx) => drawUnits(tx, jobs, { companyId: bluefin.id, productId: ce.id }, { kind: 'license', versionType: 'full', units: 1, actorUserId: null })),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'Cloud Email Security licenses are disabled for Bluefin IT Services.' });
    await setPartnerLicensesDisabled(t.db, actor, { partnerId: bluefin.id, productId: ce.id, disabled: false });
    await t.db.transaction((tx) => drawUnits(tx, jobs, { companyId: bluefin.id, productId: ce.id }, { kind: 'license', versionType: 'full', units: 1, actorUserId: null }));
    await expect(setPartnerLicensesDisabled(t.db, actor, { partnerId: harbor.id, productId: ce.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Licenses can be disabled for MSPs only.',
    });
  });
});

describe('auto-refill', () => {
  let boss: PgBoss;
  beforeAll(async () => {
    boss = new PgBoss({ connectionString: t.url, max: 2 });
    await boss.start();
    await boss.work<{ poolId: string }>(licensePoolAutoRefill.name, { pollingIntervalSeconds: 0.5 }, async ([job]) => runAutoRefill(t.db, job!.data.poolId));
  });
  afterAll(async () => {
    await boss.stop({ graceful: false });
  });

  async function refills(poolId: string) {
    return t.db
      .select()
      .from(licensePoolMovements)
      .where(and(eq(licensePoolMovements.poolId, poolId), eq(licensePoolMovements.kind, 'auto-refill')));
  }

  /** Every auto-refill job of the pool has run; `count` of them were sent. */
  async function settle(poolId: string, count: number) {
    expect(await waitForQueue(boss, licensePoolAutoRefill.name, { data: { poolId } })).toHaveLength(count);
  }

  it('fires once per crossing: the draw that falls below the threshold queues a job that issues 1.5 × it; a second run issues nothing', async () => {
    const actor = await actorFor(t.db, NORTHWIND_ADMIN);
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const ss = await productByCode('SS');
    const start = await pool('northwind-distribution', 'SS');
    const remaining = start!.fullTotal - start!.fullAssigned;
    const threshold = remaining - 100;
    const set = await setAutoRefill(t.db, jobs, actor, { productId: ss.id, threshold });
    expect(set.refillQueued).toBe(false);

    // Not yet below: no job.
    await assignPartnerLicenses(t.db, jobs, actor, { partnerId: bluefin.id, productId: ss.id, fullUnits: 100 });
    // Falls below: one job.
    await assignPartnerLicenses(t.db, jobs, actor, { partnerId: bluefin.id, productId: ss.id, fullUnits: 10 });
    // Still below, no new crossing: no job.
    await assignPartnerLicenses(t.db, jobs, actor, { partnerId: bluefin.id, productId: ss.id, fullUnits: 5 }).catch(() => undefined);
    await settle(start!.id, 1);
    const issued = await refills(start!.id);
    expect(issued).toHaveLength(1);
    expect(issued[0]).toMatchObject({ fullUnits: Math.ceil(threshold * 1.5), actorUserId: null });

    // The same job delivered twice issues nothing the second time.
    expect(await runAutoRefill(t.db, start!.id)).toEqual({ issued: 0 });
    await t.db.transaction((tx) => jobs.send(tx, licensePoolAutoRefill, { poolId: start!.id }));
    await settle(start!.id, 2);
    expect(await refills(start!.id)).toHaveLength(1);
    const after = await pool('northwind-distribution', 'SS');
    expect(after!.fullTotal - after!.fullAssigned).toBe(threshold - 15 + Math.ceil(threshold * 1.5));
  });

  it('queues the refill at once when a threshold is set above what remains', async () => {
    const actor = await actorFor(t.db, NORTHWIND_ADMIN);
    const wg = await productByCode('WG');
    const start = await pool('northwind-distribution', 'WG');
    const remaining = start!.fullTotal - start!.fullAssigned;
    const set = await setAutoRefill(t.db, jobs, actor, { productId: wg.id, threshold: remaining + 10 });
    expect(set.refillQueued).toBe(true);
    await settle(start!.id, 1);
    expect(await refills(start!.id)).toHaveLength(1);
    await setAutoRefill(t.db, jobs, actor, { productId: wg.id, threshold: 0 });
  });
});

describe('refill and license requests', () => {
  it('lets an MSP refill to its capacity when allowed, and says why not otherwise', async () => {
    const actor = await actorFor(t.db, BLUEFIN_ADMIN);
    const bluefin = await companyByAccount(t.db, 'bluefin-it');
    const ep = await productByCode('EP');
    const before = await pool('bluefin-it', 'EP');
    const refilled = await refillPool(t.db, jobs, actor, { productId: ep.id });
    expect(refilled.fullUnits).toBe(before!.fullCapacity! - (before!.fullTotal - before!.fullAssigned));
    const after = await pool('bluefin-it', 'EP');
    expect(after!.fullTotal - after!.fullAssigned).toBe(before!.fullCapacity);
    await expect(refillPool(t.db, jobs, actor, { productId: ep.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'Your Endpoint Protection pool is already at its capacity.',
    });

    await t.db.update(companies).set({ poolRefillAllowed: false }).where(eq(companies.id, bluefin.id));
    await expect(refillPool(t.db, jobs, actor, { productId: ep.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'Your parent account has not allowed license pool refill: request licenses from it instead.',
    });
    await t.db.update(companies).set({ poolRefillAllowed: true }).where(eq(companies.id, bluefin.id));
  });

  it('flows both ways: the MSP requests, the tier-1 is mailed and approves (units move) or rejects with a reason (the MSP is mailed)', async () => {
    const msp = await actorFor(t.db, BLUEFIN_ADMIN);
    const tier1 = await actorFor(t.db, NORTHWIND_ADMIN);
    const ep = await productByCode('EP');
    const northwind = await companyByAccount(t.db, 'northwind-distribution');

    const created = await createLicenseRequest(t.db, jobs, msp, { productId: ep.id, versionType: 'full', units: 120, note: 'Two new clinics next week.' }, origin);
    expect(created).toMatchObject({ status: 'pending', notified: 2 });
    const asked = await t.db.select().from(emailMessages).where(and(eq(emailMessages.event, 'license-request-received'), eq(emailMessages.companyId, northwind.id)));
    expect(asked.map((m) => m.recipientEmail).sort()).toEqual([NORTHWIND_ADMIN, 'license-manager@northwind-distribution.example']);
    expect(asked[0]!.subject).toBe('Bluefin IT Services requests 120 Endpoint Protection units');

    const incoming = await listLicenseRequests(t.db, tier1, { filters: { status: 'pending' } });
    expect(incoming.items).toEqual([
      expect.objectContaining({ id: created.id, companyName: 'Bluefin IT Services', productName: 'Endpoint Protection', units: 120, note: 'Two new clinics next week.' }),
    ]);
    // Another channel's tier-1 sees nothing of it and cannot decide it.
    const contoso = await actorFor(t.db, 'admin@contoso-networks.example');
    expect((await listLicenseRequests(t.db, contoso, {})).total).toBe(0);
    await expect(approveLicenseRequest(t.db, jobs, contoso, { id: created.id }, origin)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const tier1Before = await pool('northwind-distribution', 'EP');
    const mspBefore = await pool('bluefin-it', 'EP');
    await approveLicenseRequest(t.db, jobs, tier1, { id: created.id }, origin);
    expect((await pool('northwind-distribution', 'EP'))!.fullAssigned).toBe(tier1Before!.fullAssigned + 120);
    expect((await pool('bluefin-it', 'EP'))!.fullTotal).toBe(mspBefore!.fullTotal + 120);
    const [moved] = await t.db.select().from(licensePoolMovements).where(and(eq(licensePoolMovements.requestId, created.id), eq(licensePoolMovements.poolId, mspBefore!.id)));
    expect(moved).toMatchObject({ kind: 'request-approved', fullUnits: 120 });
    await expect(approveLicenseRequest(t.db, jobs, tier1, { id: created.id }, origin)).rejects.toMatchObject({ code: 'CONFLICT', message: 'This request was already approved.' });

    const second = await createLicenseRequest(t.db, jobs, msp, { productId: ep.id, versionType: 'trial', units: 5 }, origin);
    await rejectLicenseRequest(t.db, jobs, tier1, { id: second.id, reason: 'Use the trial units you have first.' }, origin);
    const mine = await listLicenseRequests(t.db, msp, {});
    expect(mine.items.find((r) => r.id === second.id)).toMatchObject({ status: 'rejected', rejectionReason: 'Use the trial units you have first.' });
    const decided = await t.db.select().from(emailMessages).where(eq(emailMessages.event, 'license-request-decided'));
    expect(decided.map((m) => [m.recipientEmail, m.subject])).toEqual(
      expect.arrayContaining([
        [BLUEFIN_ADMIN, 'Your request for 120 Endpoint Protection units was approved'],
        [BLUEFIN_ADMIN, 'Your request for 5 Endpoint Protection units was rejected'],
      ]),
    );
    expect(decided.find((m) => m.subject.endsWith('rejected'))!.text).toContain('Use the trial units you have first.');
    expect(decided.map((m) => [m.variables.decision, m.variables.versionType]).sort()).toEqual([
      ['approved', 'Full'],
      ['rejected', 'Trial'],
    ]);
  });

  it('words the decision and the version type in each recipient’s language', async () => {
    const msp = await actorFor(t.db, BLUEFIN_ADMIN);
    const tier1 = await actorFor(t.db, NORTHWIND_ADMIN);
    const ep = await productByCode('EP');
    const speaks = (email: string, language: string) => t.db.update(users).set({ language }).where(eq(users.email, email));
    const mailsOf = async (event: 'license-request-received' | 'license-request-decided', requestNote: string) =>
      (await t.db.select().from(emailMessages).where(eq(emailMessages.event, event))).filter(
        (mail) => event === 'license-request-decided' || mail.variables.requestNote === requestNote,
      );
    const spoken = await t.db.select({ email: users.email, language: users.language }).from(users);
    await speaks(BLUEFIN_ADMIN, 'de');
    await speaks('license-manager@northwind-distribution.example', 'fr');
    await speaks(NORTHWIND_ADMIN, 'en');
    try {
      const decidedBefore = new Set((await mailsOf('license-request-decided', '')).map((mail) => mail.id));
      const first = await createLicenseRequest(t.db, jobs, msp, { productId: ep.id, versionType: 'trial', units: 3, note: 'Worded mails' }, origin);
      const received = await mailsOf('license-request-received', 'Worded mails');
      expect(received.map((mail) => [mail.recipientEmail, mail.language, mail.variables.versionType]).sort()).toEqual([
        [NORTHWIND_ADMIN, 'en', 'Trial'],
        ['license-manager@northwind-distribution.example', 'fr', 'Essai'],
      ]);
      expect(received.find((mail) => mail.language === 'fr')!.text).toContain('3 unités Endpoint Protection (Essai)');

      const second = await createLicenseRequest(t.db, jobs, msp, { productId: ep.id, versionType: 'full', units: 2 }, origin);
      await approveLicenseRequest(t.db, jobs, tier1, { id: first.id }, origin);
      await rejectLicenseRequest(t.db, jobs, tier1, { id: second.id, reason: 'Not now.' }, origin);
      const decided = (await mailsOf('license-request-decided', '')).filter((mail) => !decidedBefore.has(mail.id));
      expect(decided.map((mail) => [mail.language, mail.subject]).sort()).toEqual([
        ['de', 'Ihre Anfrage über 2 Einheiten Endpoint Protection: abgelehnt'],
        ['de', 'Ihre Anfrage über 3 Einheiten Endpoint Protection: genehmigt'],
      ]);
      expect(decided.find((mail) => mail.subject.endsWith('abgelehnt'))!.text).toContain('(Voll) entschieden: abgelehnt.');
    } finally {
      for (const email of [BLUEFIN_ADMIN, NORTHWIND_ADMIN, 'license-manager@northwind-distribution.example']) {
        await speaks(email, spoken.find((user) => user.email === email)!.language);
      }
    }
  });

  it('refuses to approve what the parent’s pool cannot give, leaving the request pending', async () => {
    const msp = await actorFor(t.db, BLUEFIN_ADMIN);
    const tier1 = await actorFor(t.db, NORTHWIND_ADMIN);
    const ep = await productByCode('EP');
    const big = await createLicenseRequest(t.db, jobs, msp, { productId: ep.id, versionType: 'full', units: 900_000 }, origin);
    await expect(approveLicenseRequest(t.db, jobs, tier1, { id: big.id }, origin)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/^Northwind Distribution has \d+ full Endpoint Protection units left; 900000 were asked for\.$/),
    });
    const [row] = await t.db.select().from(licenseRequests).where(eq(licenseRequests.id, big.id));
    expect(row!.status).toBe('pending');
  });
});
