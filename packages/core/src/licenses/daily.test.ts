import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, sql } from 'drizzle-orm';
import {
  customerTransactions,
  emailMessages,
  licensePoolMovements,
  licensePools,
  licenses,
  licenseStatusDaily,
  licensesDailySteps,
  products,
  servicePlans,
  type Company,
  type License,
} from '@keyway/db';
import type { Tx } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { createJobQueue, type JobQueue } from '../jobs/index.ts';
import { addUnits, drawUnits, poolOf, returnUnits } from '../license-pool/index.ts';
import { actorFor, companyByAccount, createSeededDb, waitForLockWaiters } from '../testing/index.ts';
import { changeLicense } from './change.ts';
import { GRACE_DAYS, runLicensesDaily } from './daily.ts';
import { expireLicensesOfDisabledCustomer } from './hooks.ts';
import { addDays, addMonths, earlierOf, today } from '../dates.ts';
import { cancelExpiryNotices, scheduleExpiryNotice, scheduledExpiryNotices } from './notices.ts';

let t: TestDb;
let jobs: JobQueue;
let bluefin: Company;
let acme: Company;
let golden: Company;
let productId: string;

// A simulated month, far enough ahead that every notice lies in the real future too.
const D0 = '2031-03-01';
const at = (day: string) => new Date(`${day}T00:00:00Z`);

beforeAll(async () => {
  t = await createSeededDb();
  jobs = createJobQueue(t.url);
  bluefin = await companyByAccount(t.db, 'bluefin-it');
  acme = await companyByAccount(t.db, 'acme-dental');
  golden = await companyByAccount(t.db, 'golden-gate-arch');
  const [product] = await t.db.select().from(products).where(eq(products.code, 'CE'));
  productId = product!.id;
  // The run walks every license of the database: start from none, and from a known pool.
  await t.db.execute(sql`truncate customer_transactions, licenses cascade`);
  await t.db.execute(sql`update license_pools set full_total = 0, full_assigned = 0, trial_total = 0, trial_assigned = 0,
    auto_refill_threshold = 0, disabled_at = null`);
  await t.db.transaction(async (tx) => {
    const pool = { companyId: bluefin.id, productId };
    await addUnits(tx, pool, { kind: 'vendor-issue', versionType: 'full', units: 100, actorUserId: null });
    await addUnits(tx, pool, { kind: 'vendor-issue', versionType: 'trial', units: 20, actorUserId: null });
  });
});
afterAll(async () => {
  await jobs.stop();
  await t.drop();
});

let planCount = 0;
async function plan(versionType: 'trial' | 'full') {
  const [row] = await t.db
    .insert(servicePlans)
    .values({
      companyId: bluefin.id,
      channelId: bluefin.channelId,
      partnerId: bluefin.partnerId,
      customerId: bluefin.customerId,
      name: `Mail ${versionType} ${++planCount}`,
      productId,
      versionType,
      unitType: 'mailbox',
      initialPeriodMonths: versionType === 'trial' ? 1 : 12,
    })
    .returning();
  return row!;
}

/** A license as the assignment leaves it: units drawn from Bluefin's pool, its notice scheduled. */
async function license(
  customer: Company,
  values: Partial<License> & { versionType: 'trial' | 'full'; units: number; expiresOn: string },
  now = at(D0),
): Promise<License> {
  const p = await plan(values.versionType);
  return t.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(licenses)
      .values({
        companyId: customer.id,
        channelId: customer.channelId,
        partnerId: customer.partnerId,
        customerId: customer.customerId,
        managingCompanyId: bluefin.id,
        planId: p.id,
        productId,
        unitType: 'mailbox',
        status: 'active',
        startsOn: '2030-03-01',
        chargeStartsOn: '2030-03-01',
        ...values,
      })
      .returning();
    if (!row!.unitsReturnedAt) {
      await drawUnits(tx, jobs, { companyId: bluefin.id, productId: row!.productId }, {
        kind: 'license',
        versionType: row!.versionType,
        units: row!.units,
        licenseId: row!.id,
        actorUserId: null,
      });
    }
    await scheduleExpiryNotice(tx, jobs, row!, { now });
    return row!;
  });
}

const pool = async () =>
  (await t.db.select().from(licensePools).where(and(eq(licensePools.companyId, bluefin.id), eq(licensePools.productId, productId))))[0]!;
const get = async (id: string) => (await t.db.select().from(licenses).where(eq(licenses.id, id)))[0]!;
const transactionsOf = (id: string) =>
  t.db.select().from(customerTransactions).where(eq(customerTransactions.licenseId, id)).orderBy(asc(customerTransactions.id));
const noticesOf = (id: string) =>
  t.db
    .select({ status: emailMessages.status, scheduledFor: emailMessages.scheduledFor, subject: emailMessages.subject })
    .from(emailMessages)
    .where(sql`${emailMessages.event} = 'license-expiring' and ${emailMessages.variables} ->> 'licenseId' = ${id}`)
    .orderBy(asc(emailMessages.createdAt));

/** Everything the run may touch, to compare before and after a second run. */
async function snapshot() {
  const [counts] = await t.db.execute<Record<string, number>>(sql`select
    (select count(*)::int from customer_transactions) as transactions,
    (select count(*)::int from license_pool_movements) as movements,
    (select count(*)::int from email_messages) as mails,
    (select count(*)::int from pgboss.job where name = 'license-pool.auto-refill') as refills`);
  const rows = await t.db.select().from(licenses).orderBy(asc(licenses.id));
  const pools = await t.db.select().from(licensePools).orderBy(asc(licensePools.id));
  return { counts, rows, pools };
}

/** The day's license status counts, as the dashboard's history reads them. */
const statusRows = (day: string) =>
  t.db.select().from(licenseStatusDaily).where(eq(licenseStatusDaily.day, day)).orderBy(asc(licenseStatusDaily.channelId), asc(licenseStatusDaily.partnerId));

describe('expiry notices', () => {
  it('schedules one mail at 09:00 in the customer’s time zone, notice days before expiry, and replaces it on change', async () => {
    const l = await license(golden, { versionType: 'full', units: 1, expiresOn: '2031-06-30', expirationNoticeDays: 10 });
    // Golden Gate Architects is in America/Los_Angeles: 09:00 PDT is 16:00 UTC.
    expect(await noticesOf(l.id)).toEqual([
      expect.objectContaining({ status: 'scheduled', scheduledFor: new Date('2031-06-20T16:00:00Z') }),
    ]);
    const [mail] = await t.db
      .select()
      .from(emailMessages)
      .where(sql`${emailMessages.variables} ->> 'licenseId' = ${l.id}`);
    expect(mail!.subject).toBe('Your Cloud Email Security license expires in 10 days');
    expect(mail!.text).toContain('30 June 2031');

    const changed = { ...l, expiresOn: '2031-09-30' };
    await t.db.transaction((tx) => scheduleExpiryNotice(tx, jobs, changed, { now: at(D0) }));
    expect((await noticesOf(l.id)).map((n) => [n.status, n.scheduledFor])).toEqual([
      ['canceled', new Date('2031-06-20T16:00:00Z')],
      ['scheduled', new Date('2031-09-20T16:00:00Z')],
    ]);

    // A notice whose moment has passed is not scheduled; a license that is not live has none.
    await t.db.transaction((tx) => scheduleExpiryNotice(tx, jobs, changed, { now: new Date('2031-09-21T00:00:00Z') }));
    expect((await scheduledExpiryNotices(t.db, [l.id])).size).toBe(0);
    await t.db.transaction((tx) => scheduleExpiryNotice(tx, jobs, changed, { now: at(D0) }));
    await t.db.transaction((tx) => scheduleExpiryNotice(tx, jobs, { ...changed, status: 'discontinued' }, { now: at(D0) }));
    expect((await scheduledExpiryNotices(t.db, [l.id])).size).toBe(0);

    await t.db.transaction((tx) => scheduleExpiryNotice(tx, jobs, changed, { now: at(D0) }));
    expect(await t.db.transaction((tx) => cancelExpiryNotices(tx, l.id))).toBe(1);
    expect((await scheduledExpiryNotices(t.db, [l.id])).size).toBe(0);
  });
});

describe('licenses.daily across a month', () => {
  it('renews keeping the units, moves to grace, expires, returns units, and reschedules notices', async () => {
    // Take the earlier test's license out of the way: it is discontinued with its units still out.
    await t.db.execute(sql`update licenses set status = 'discontinued' where company_id = ${golden.id}`);

    const renews = await license(acme, {
      versionType: 'full',
      units: 10,
      expiresOn: addDays(D0, 5),
      autoRenew: true,
      renewalPeriodMonths: 12,
      expirationNoticeDays: 3,
    });
    const lapsed = await license(acme, { versionType: 'full', units: 5, expiresOn: addDays(D0, -20) });
    const trial = await license(acme, { versionType: 'trial', units: 4, expiresOn: addDays(D0, 2) });
    const lasting = await license(acme, { versionType: 'full', units: 5, expiresOn: '2032-12-31', expirationNoticeDays: 30 });
    const dropped = await license(acme, { versionType: 'full', units: 3, expiresOn: '2032-12-31', status: 'discontinued' });

    // 1 (earlier test) + 10 + 5 + 5 + 3 full units out of 100; 4 trial units out of 20.
    expect(await pool()).toMatchObject({ fullAssigned: 24, trialAssigned: 4 });
    expect(await noticesOf(renews.id)).toEqual([
      expect.objectContaining({ status: 'scheduled', scheduledFor: new Date('2031-03-03T17:00:00Z') }),
    ]);

    // Day 0: the lapsed license enters grace; the discontinued ones give their units back.
    expect(await runLicensesDaily(t.db, jobs, D0, { now: at(D0) })).toEqual({
      day: D0,
      renewed: 0,
      renewalsRefused: 0,
      toGrace: 1,
      expired: 0,
      unitsReturned: 2,
      keysExpired: 0,
      unitsSnapshot: expect.any(Number),
      statusSnapshot: expect.any(Number),
    });
    expect(await get(lapsed.id)).toMatchObject({ status: 'grace', graceEndsOn: addDays(D0, 10) });
    expect(await get(dropped.id)).toMatchObject({ status: 'discontinued', unitsReturnedAt: expect.any(Date) });
    expect(await pool()).toMatchObject({ fullAssigned: 20 });

    const totals = { renewed: 0, renewalsRefused: 0, toGrace: 0, expired: 0, unitsReturned: 0 };
    for (let i = 1; i <= 30; i++) {
      const day = addDays(D0, i);
      const result = await runLicensesDaily(t.db, jobs, day, { now: at(day) });
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += result[key];

      if (day === addDays(D0, 3)) {
        // The trial ended on day 2: expired at once, no grace; its trial units are back.
        expect(await get(trial.id)).toMatchObject({ status: 'expired', graceEndsOn: null, unitsReturnedAt: expect.any(Date) });
        expect((await pool()).trialAssigned).toBe(0);
      }
      if (day === addDays(D0, 5)) {
        // Renewed on its expiry day: a year more, charged from the day after the old expiry.
        expect(await get(renews.id)).toMatchObject({ status: 'active', expiresOn: '2032-03-06', chargeStartsOn: '2031-03-07' });
        expect(await transactionsOf(renews.id)).toEqual([
          expect.objectContaining({
            type: 'license-change',
            previousUnits: 10,
            newUnits: 10,
            change: 0,
            previousChargeStartsOn: '2030-03-01',
            newChargeStartsOn: '2031-03-07',
            actorUserId: null,
          }),
        ]);
        // The renewed license keeps the units it holds: nothing more leaves the pool.
        expect((await pool()).fullAssigned).toBe(20);
        expect((await noticesOf(renews.id)).map((n) => [n.status, n.scheduledFor])).toEqual([
          ['canceled', new Date('2031-03-03T17:00:00Z')],
          // 3 days before 6 March 2032, 09:00 PST.
          ['scheduled', new Date('2032-03-03T17:00:00Z')],
        ]);
      }
      if (day === addDays(D0, 10)) expect((await get(lapsed.id)).status).toBe('grace');
      if (day === addDays(D0, 11)) {
        // Grace ended on day 10: expired, units back.
        expect(await get(lapsed.id)).toMatchObject({ status: 'expired', graceEndsOn: null, unitsReturnedAt: expect.any(Date) });
        expect((await pool()).fullAssigned).toBe(15);
      }
    }
    expect(totals).toEqual({ renewed: 1, renewalsRefused: 0, toGrace: 0, expired: 2, unitsReturned: 2 });
    expect(await get(lasting.id)).toMatchObject({ status: 'active', expiresOn: '2032-12-31', unitsReturnedAt: null });
    expect(await noticesOf(lasting.id)).toEqual([expect.objectContaining({ status: 'scheduled' })]);
  });

  it('changes nothing when run a second time for the same day', async () => {
    // A day with work of every kind: renewals, a refused renewal, grace, expiry, units to return.
    const day = '2031-05-01';
    await t.db.transaction(async (tx) => {
      const pool = { companyId: bluefin.id, productId };
      await addUnits(tx, pool, { kind: 'vendor-issue', versionType: 'full', units: 150, actorUserId: null });
      await addUnits(tx, pool, { kind: 'vendor-issue', versionType: 'trial', units: 5, actorUserId: null });
    });
    const renewed = await license(golden, { versionType: 'full', units: 2, expiresOn: day, autoRenew: true, renewalPeriodMonths: 1 });
    await license(golden, { versionType: 'full', units: 1, expiresOn: addDays(day, -2), autoRenew: true, renewalPeriodMonths: 1 });
    await license(golden, { versionType: 'trial', units: 5, expiresOn: addDays(day, -1) });
    await license(golden, { versionType: 'full', units: 1, expiresOn: addDays(day, -3) });
    // Another product whose licenses the parent disabled for Bluefin: its renewal is refused.
    const [other] = await t.db.select().from(products).where(eq(products.code, 'EP'));
    const blocked = await license(golden, { versionType: 'full', units: 1, expiresOn: day, autoRenew: true, renewalPeriodMonths: 1 });
    await t.db.update(licenses).set({ productId: other!.id }).where(eq(licenses.id, blocked.id));
    await t.db.transaction(async (tx) => {
      const pool = await poolOf(tx, bluefin.id, other!.id);
      await tx.update(licensePools).set({ disabledAt: at(day) }).where(eq(licensePools.id, pool.id));
    });
    const poolBefore = await pool();

    const first = await runLicensesDaily(t.db, jobs, day, { now: at(day) });
    expect(first).toEqual({ day, renewed: 2, renewalsRefused: 1, toGrace: 1, expired: 1, unitsReturned: 1, keysExpired: 0, unitsSnapshot: expect.any(Number), statusSnapshot: expect.any(Number) });
    // Renewals keep their units; only the expired trial's units came back.
    expect(await pool()).toMatchObject({ fullAssigned: poolBefore.fullAssigned, trialAssigned: poolBefore.trialAssigned - 5 });
    expect(await get(renewed.id)).toMatchObject({ status: 'active', expiresOn: '2031-06-01' });
    expect(await get(blocked.id)).toMatchObject({ status: 'active', expiresOn: day });
    expect(await transactionsOf(blocked.id)).toEqual([]);

    const before = await snapshot();
    const statusBefore = await statusRows(day);
    expect(statusBefore.length).toBeGreaterThan(0);
    const second = await runLicensesDaily(t.db, jobs, day, { now: at(day) });
    // The day's snapshots, which read every license, were taken by the first run: the second skips them.
    expect(second).toEqual({ day, renewed: 0, renewalsRefused: first.renewalsRefused, toGrace: 0, expired: 0, unitsReturned: 0, keysExpired: 0, unitsSnapshot: 0, statusSnapshot: 0 });
    expect(await snapshot()).toEqual(before);
    expect(await statusRows(day)).toEqual(statusBefore);

    // The next day the refused license enters its grace period like any other past its expiry.
    await runLicensesDaily(t.db, jobs, addDays(day, 1), { now: at(addDays(day, 1)) });
    expect(await get(blocked.id)).toMatchObject({ status: 'grace', graceEndsOn: addDays(day, 30) });
  });

  it('works through more licenses than one chunk holds', async () => {
    const day = '2031-07-01';
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      ids.push((await license(acme, { versionType: 'full', units: 1, expiresOn: addDays(day, -1 - (i % 3)) })).id);
    }
    const result = await runLicensesDaily(t.db, jobs, day, { now: at(day), chunk: 4 });
    // May's two monthly auto-renewals come round again.
    expect(result).toMatchObject({ toGrace: 25, renewed: 2 });
    const statuses = await t.db
      .select({ status: licenses.status })
      .from(licenses)
      .where(sql`${licenses.id} in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`);
    expect(statuses.every((s) => s.status === 'grace')).toBe(true);
  });

  it('catches up after missed days: a license whose grace would be over expires at once, and a second run changes nothing', async () => {
    const day = '2031-09-01';
    const late = await license(acme, { versionType: 'full', units: 1, expiresOn: '2031-07-15' });
    const inGrace = await license(acme, { versionType: 'full', units: 1, expiresOn: '2031-08-20' });
    await runLicensesDaily(t.db, jobs, day, { now: at(day) });
    expect(await get(late.id)).toMatchObject({ status: 'expired', graceEndsOn: null, unitsReturnedAt: expect.any(Date) });
    expect(await get(inGrace.id)).toMatchObject({ status: 'grace', graceEndsOn: '2031-09-19' });
    const before = await snapshot();
    const second = await runLicensesDaily(t.db, jobs, day, { now: at(day) });
    expect(second).toMatchObject({ renewed: 0, toGrace: 0, expired: 0, unitsReturned: 0 });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a day that is not a date', async () => {
    await expect(runLicensesDaily(t.db, jobs, '2031-02-30x')).rejects.toThrow(/is not a day/);
  });
});

/** The daily run as it was written one license at a time (`returnUnits`, `changeLicense`), to compare a chunk against. */
async function perLicenseRun(tx: Tx, day: string) {
  const rows = (where: ReturnType<typeof sql>) => tx.select().from(licenses).where(where).orderBy(asc(licenses.id));
  const giveBack = async (license: License) => {
    if (license.unitsReturnedAt) return;
    await returnUnits(tx, { companyId: license.managingCompanyId, productId: license.productId }, {
      kind: 'license',
      versionType: license.versionType,
      units: license.units,
      counterpartCompanyId: license.companyId,
      licenseId: license.id,
      actorUserId: null,
      note: license.status === 'discontinued' ? 'License discontinued' : 'License expired',
    });
    await tx.update(licenses).set({ unitsReturnedAt: new Date() }).where(eq(licenses.id, license.id));
  };
  const end = async (license: License) => {
    await tx.update(licenses).set({ status: 'expired', graceEndsOn: null }).where(eq(licenses.id, license.id));
    await giveBack(license);
  };
  for (const license of await rows(sql`status = 'grace' and grace_ends_on < ${day}::date`)) await end(license);
  for (const license of await rows(sql`status in ('expired', 'discontinued') and units_returned_at is null`)) await giveBack(license);
  for (const license of await rows(sql`status = 'active' and auto_renew and version_type = 'full' and expires_on <= ${day}::date`)) {
    const [disabled] = await tx
      .select()
      .from(licensePools)
      .where(sql`company_id = ${license.managingCompanyId} and product_id = ${license.productId} and disabled_at is not null`);
    if (disabled) continue;
    let periods = 1;
    while (addMonths(license.expiresOn, license.renewalPeriodMonths * periods) <= day) periods++;
    const expiresOn = addMonths(license.expiresOn, license.renewalPeriodMonths * periods);
    const chargeStartsOn = addDays(addMonths(license.expiresOn, license.renewalPeriodMonths * (periods - 1)), 1);
    await changeLicense(tx, license, { expiresOn, chargeStartsOn }, { type: 'license-change', actor: null, note: `Renewed automatically until ${expiresOn}` });
  }
  for (const license of await rows(sql`status = 'active' and expires_on < ${day}::date`)) {
    if (license.versionType === 'full' && addDays(license.expiresOn, GRACE_DAYS) >= day) {
      await tx.update(licenses).set({ status: 'grace', graceEndsOn: addDays(license.expiresOn, GRACE_DAYS) }).where(eq(licenses.id, license.id));
    } else await end(license);
  }
}

/** What a run writes, without ids and moments: licenses, the ledger rows after `movementsAfter`, pools, transactions. */
async function written(db: Tx | TestDb['db'], movementsAfter: number) {
  const byLicense = (a: { licenseId: string | null }, b: { licenseId: string | null }) => (a.licenseId! < b.licenseId! ? -1 : 1);
  const movements = await db.select().from(licensePoolMovements).where(sql`${licensePoolMovements.id} > ${movementsAfter}`);
  const transactions = await db.select().from(customerTransactions);
  return {
    licenses: (await db.select().from(licenses).orderBy(asc(licenses.id))).map(({ updatedAt: _updatedAt, unitsReturnedAt, ...license }) => ({
      ...license,
      unitsReturned: unitsReturnedAt !== null,
    })),
    movements: movements.map(({ id: _id, at: _at, ...movement }) => movement).sort(byLicense),
    pools: (await db.select().from(licensePools).orderBy(asc(licensePools.id))).map(({ updatedAt: _updatedAt, ...pool }) => pool),
    transactions: transactions.map(({ id: _id, at: _at, ...transaction }) => transaction).sort(byLicense),
  };
}

describe('a chunk of the daily run, written set-based', () => {
  let ep: string;
  beforeAll(async () => {
    await t.db.execute(sql`truncate customer_transactions, licenses cascade`);
    [{ id: ep }] = (await t.db.select({ id: products.id }).from(products).where(eq(products.code, 'EP'))) as [{ id: string }];
    // Bluefin's Endpoint pool enabled again (an earlier test disabled it) and stocked: a second pool in the chunk.
    await t.db.transaction(async (tx) => {
      const pool = await poolOf(tx, bluefin.id, ep);
      await tx.update(licensePools).set({ disabledAt: null }).where(eq(licensePools.id, pool.id));
      await addUnits(tx, { companyId: bluefin.id, productId: ep }, { kind: 'vendor-issue', versionType: 'full', units: 500, actorUserId: null });
      await addUnits(tx, { companyId: bluefin.id, productId: ep }, { kind: 'vendor-issue', versionType: 'trial', units: 100, actorUserId: null });
      await addUnits(tx, { companyId: bluefin.id, productId }, { kind: 'vendor-issue', versionType: 'full', units: 500, actorUserId: null });
      await addUnits(tx, { companyId: bluefin.id, productId }, { kind: 'vendor-issue', versionType: 'trial', units: 100, actorUserId: null });
    });
  });

  /** Licenses of every kind the run changes, over Bluefin's two pools and two customers. */
  async function mixedLicenses(day: string, copies = 1) {
    const made: License[] = [];
    for (let copy = 0; copy < copies; copy++) {
      for (const [customer, product] of [
        [acme, productId],
        [golden, ep],
      ] as const) {
        const of = { productId: product };
        made.push(
          // Grace over: expires, units back.
          await license(customer, { ...of, versionType: 'full', units: 3, expiresOn: addDays(day, -40), status: 'grace', graceEndsOn: addDays(day, -10) }),
          // Ended elsewhere, still holding units.
          await license(customer, { ...of, versionType: 'full', units: 2, expiresOn: addDays(day, 90), status: 'discontinued' }),
          await license(customer, { ...of, versionType: 'trial', units: 1, expiresOn: addDays(day, -5), status: 'expired' }),
          // Renewals: on the day, and three days late; monthly and yearly.
          await license(customer, { ...of, versionType: 'full', units: 4, expiresOn: day, autoRenew: true, renewalPeriodMonths: 1 }),
          await license(customer, { ...of, versionType: 'full', units: 5, expiresOn: addDays(day, -3), autoRenew: true, renewalPeriodMonths: 12 }),
          // Past expiry: a trial expires, a full license enters grace, one whose grace is over expires.
          await license(customer, { ...of, versionType: 'trial', units: 2, expiresOn: addDays(day, -1) }),
          await license(customer, { ...of, versionType: 'full', units: 6, expiresOn: addDays(day, -2) }),
          await license(customer, { ...of, versionType: 'full', units: 7, expiresOn: addDays(day, -45) }),
          // Untouched.
          await license(customer, { ...of, versionType: 'full', units: 8, expiresOn: addDays(day, 30) }),
        );
      }
    }
    return made;
  }
  const lastMovement = async () =>
    (await t.db.execute<{ id: number }>(sql`select coalesce(max(id), 0)::int as id from license_pool_movements`))[0]!.id;

  it('writes the licenses, ledger rows, pool totals and transactions the per-license path writes', async () => {
    const day = '2032-02-01';
    await mixedLicenses(day);
    const after = await lastMovement();

    let expected: Awaited<ReturnType<typeof written>> | undefined;
    await t.db
      .transaction(async (tx) => {
        await perLicenseRun(tx, day);
        expected = await written(tx, after);
        tx.rollback();
      })
      .catch((error: unknown) => {
        if (!expected) throw error;
      });

    const result = await runLicensesDaily(t.db, jobs, day, { now: at(day) });
    // Two of each per pool: grace over and past its grace (expired), trial (expired); renewals.
    expect(result).toMatchObject({ renewed: 4, renewalsRefused: 0, toGrace: 2, expired: 6, unitsReturned: 10 });
    const actual = await written(t.db, after);
    // One ledger row per license whose units came back, as before.
    expect(actual.movements).toHaveLength(10);
    expect(new Set(actual.movements.map((movement) => movement.licenseId)).size).toBe(10);
    expect(actual.transactions).toHaveLength(4);
    expect(actual).toEqual(expected);
  });

  it('run twice at once for the same day, changes each license once', async () => {
    await t.db.execute(sql`truncate customer_transactions, licenses cascade`);
    const day = '2032-04-01';
    const made = await mixedLicenses(day, 3);
    const poolsBefore = await t.db.select().from(licensePools).where(eq(licensePools.companyId, bluefin.id));
    const after = await lastMovement();

    // Bluefin's pools held by another transaction: each run stops in its first chunk, holding that
    // chunk's licenses, until both are waiting.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let taken!: () => void;
    const lockTaken = new Promise<void>((resolve) => (taken = resolve));
    const holder = t.db.transaction(async (tx) => {
      await tx.select().from(licensePools).where(eq(licensePools.companyId, bluefin.id)).for('update');
      taken();
      await released;
    });
    await lockTaken;
    const runs = Promise.all([1, 2].map(() => runLicensesDaily(t.db, jobs, day, { now: at(day), chunk: 4 })));
    await waitForLockWaiters(t.db, 'update %', { count: 2 });
    release();
    await holder;
    const [first, second] = await runs;

    // The day's snapshots were taken by one of them: the other waited for its mark and skipped them.
    expect([first!.statusSnapshot, second!.statusSnapshot].sort((a, b) => a - b)).toEqual([0, (await statusRows(day)).length]);
    expect(Math.min(first!.unitsSnapshot, second!.unitsSnapshot)).toBe(0);
    expect(await t.db.select({ step: licensesDailySteps.step }).from(licensesDailySteps).where(eq(licensesDailySteps.day, day)).orderBy(asc(licensesDailySteps.step))).toEqual([
      { step: 'units-snapshot' },
      { step: 'status-snapshot' },
    ]);

    // Both ran chunks; together they did the day's work once.
    const sum = (key: 'renewed' | 'toGrace' | 'expired' | 'unitsReturned') => first![key] + second![key];
    expect(first!.expired + first!.unitsReturned).toBeGreaterThan(0);
    expect(second!.expired + second!.unitsReturned).toBeGreaterThan(0);
    expect({ renewed: sum('renewed'), toGrace: sum('toGrace'), expired: sum('expired'), unitsReturned: sum('unitsReturned') }).toEqual({
      renewed: 12,
      toGrace: 6,
      expired: 18,
      unitsReturned: 30,
    });
    const { movements, transactions, pools } = await written(t.db, after);
    const count = (ids: (string | null)[]) => ids.reduce((n, id) => n.set(id!, (n.get(id!) ?? 0) + 1), new Map<string, number>());
    const returnedOnce = count(movements.map((movement) => movement.licenseId));
    expect(movements).toHaveLength(30);
    expect([...returnedOnce.values()].every((n) => n === 1)).toBe(true);
    const renewedOnce = count(transactions.map((transaction) => transaction.licenseId));
    expect(transactions).toHaveLength(12);
    expect([...renewedOnce.values()].every((n) => n === 1)).toBe(true);
    // The pools got back exactly the units of the licenses that ended.
    const returned = (product: string, versionType: 'trial' | 'full') =>
      made
        .filter((l) => returnedOnce.has(l.id) && l.productId === product && l.versionType === versionType)
        .reduce((units, l) => units + l.units, 0);
    for (const before of poolsBefore) {
      if (before.productId !== productId && before.productId !== ep) continue;
      expect(pools.find((pool) => pool.id === before.id)).toMatchObject({
        fullAssigned: before.fullAssigned - returned(before.productId, 'full'),
        trialAssigned: before.trialAssigned - returned(before.productId, 'trial'),
      });
    }
  });
});

describe('disabling a customer, written set-based', () => {
  it('writes the licenses, ledger rows, pool totals, transactions and canceled notices the per-license path writes', async () => {
    await t.db.execute(sql`truncate customer_transactions, licenses cascade`);
    // The hook expires on the real day: licenses, and their notices, around it.
    const day = today();
    const now = new Date();
    const made = [
      await license(acme, { versionType: 'full', units: 3, expiresOn: addDays(day, 200) }, now),
      await license(acme, { versionType: 'trial', units: 1, expiresOn: addDays(day, 60) }, now),
      // Ended before the day: keeps its date.
      await license(acme, { versionType: 'full', units: 2, expiresOn: addDays(day, -5), status: 'grace', graceEndsOn: addDays(day, 25) }, now),
      await license(acme, { versionType: 'full', units: 4, expiresOn: addDays(day, 90), status: 'pending' }, now),
      await license(acme, { versionType: 'full', units: 5, expiresOn: addDays(day, 90), status: 'suspended' }, now),
      // Not live: untouched.
      await license(acme, { versionType: 'full', units: 6, expiresOn: addDays(day, 90), status: 'discontinued' }, now),
      // Another customer's: untouched.
      await license(golden, { versionType: 'full', units: 7, expiresOn: addDays(day, 90) }, now),
    ];
    const admin = await actorFor(t.db, 'admin@bluefin-it.example');
    const actor = { userId: admin.userId, companyId: admin.company.id };
    const after = (await t.db.execute<{ id: number }>(sql`select coalesce(max(id), 0)::int as id from license_pool_movements`))[0]!.id;
    const notices = async (db: Tx | TestDb['db']) =>
      (
        await db
          .select({ licenseId: sql<string>`${emailMessages.variables} ->> 'licenseId'`, status: emailMessages.status })
          .from(emailMessages)
          .where(eq(emailMessages.event, 'license-expiring'))
      ).sort((a, b) => (a.licenseId < b.licenseId ? -1 : 1));

    let expected: (Awaited<ReturnType<typeof written>> & { notices: Awaited<ReturnType<typeof notices>> }) | undefined;
    await t.db
      .transaction(async (tx) => {
        // The hook as it was written, one license at a time.
        const live = await tx.select().from(licenses).where(sql`company_id = ${acme.id} and status in ('pending', 'active', 'grace', 'suspended')`).orderBy(asc(licenses.id));
        for (const before of live) {
          const expiresOn = earlierOf(before.expiresOn, today());
          await changeLicense(
            tx,
            before,
            { status: 'expired', expiresOn, statusBeforeDisable: before.status, expiresOnBeforeDisable: before.expiresOn },
            { type: 'license-change', actor, note: `Customer disabled: expired on ${expiresOn} (was ${before.expiresOn})` },
          );
          await cancelExpiryNotices(tx, before.id);
        }
        expected = { ...(await written(tx, after)), notices: await notices(tx) };
        tx.rollback();
      })
      .catch((error: unknown) => {
        if (!expected) throw error;
      });

    expect(await t.db.transaction((tx) => expireLicensesOfDisabledCustomer(tx, acme.id, actor))).toBe(5);
    const actual = { ...(await written(t.db, after)), notices: await notices(t.db) };
    expect(actual.transactions).toHaveLength(5);
    expect(actual.movements).toEqual([]);
    // Acme's live licenses' mails canceled, none left scheduled; Golden's kept.
    const acmeIds = new Set(made.slice(0, 6).map((l) => l.id));
    expect(actual.notices.filter((notice) => notice.status === 'canceled').length).toBeGreaterThan(0);
    expect(actual.notices.filter((notice) => acmeIds.has(notice.licenseId) && notice.status === 'scheduled')).toEqual([]);
    expect(actual.notices.filter((notice) => notice.licenseId === made[6]!.id).map((notice) => notice.status)).toEqual(['scheduled']);
    expect(actual).toEqual(expected);
  });
});
