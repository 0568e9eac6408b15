import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import {
  auditLog,
  companies,
  emailMessages,
  licensePoolMovements,
  licensePools,
  products,
  servicePlanResellers,
  servicePlans,
  users,
} from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { createJobQueue, type JobQueue } from '@keyway/core/jobs';
import { companyByAccount, createSeededDb } from '@keyway/core/testing';
import { callerAs } from '../testing/callers.ts';

/**
 * The create-partner wizard's last steps: a tier-1 gives the new MSP or reseller its first units,
 * its service plans and the right to refill its pool, in the transaction that creates it.
 */

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

const profile = (accountName: string, name: string) => ({
  name,
  accountName,
  contactName: 'Pat Partner',
  contactEmail: `contact@${accountName}.example`,
  phone: '+1 555 0142',
  address: '9 Dock Street',
  city: 'Portland',
  state: 'OR',
  postalCode: '97201',
  country: 'US',
  timeZone: 'America/Los_Angeles',
  language: 'en' as const,
});

const partnerInput = (accountName: string, name: string, type: 'msp' | 'reseller') => ({
  profile: profile(accountName, name),
  type,
  admin: { name: 'Pat Partner', email: `pat@${accountName}.example` },
});

async function productId(code: string) {
  const [row] = await t.db.select({ id: products.id }).from(products).where(eq(products.code, code));
  return row!.id;
}

async function pool(companyId: string, code: string) {
  const [row] = await t.db
    .select()
    .from(licensePools)
    .where(and(eq(licensePools.companyId, companyId), eq(licensePools.productId, await productId(code))));
  return row;
}

async function planOf(account: string, name: string) {
  const owner = await companyByAccount(t.db, account);
  const [row] = await t.db.select().from(servicePlans).where(and(eq(servicePlans.companyId, owner.id), eq(servicePlans.name, name)));
  return row!;
}

/** What a failed creation must leave behind: nothing a person could notice. */
async function nothingCreated(accountName: string) {
  expect(await t.db.select().from(companies).where(eq(companies.accountName, accountName))).toHaveLength(0);
  expect(await t.db.select().from(users).where(eq(users.email, `pat@${accountName}.example`))).toHaveLength(0);
  expect(await t.db.select().from(emailMessages).where(eq(emailMessages.recipientEmail, `pat@${accountName}.example`))).toHaveLength(0);
}

describe('partners.create with initial licenses, service plans and pool refill', () => {
  it('moves the units from the tier-1’s pool, assigns the plans and allows refill, with ledger and audit rows', async () => {
    const api = await as('admin@northwind-distribution.example');
    const northwind = await companyByAccount(t.db, 'northwind-distribution');
    const [ce, ep] = [await productId('CE'), await productId('EP')];
    const beforeCe = (await pool(northwind.id, 'CE'))!;
    const beforeEp = (await pool(northwind.id, 'EP'))!;
    const annual = await planOf('northwind-distribution', 'Email Security Annual');
    const trial = await planOf('northwind-distribution', 'Email Security Trial');

    const created = await api.partners.create({
      ...partnerInput('quay-resellers', 'Quay Resellers', 'reseller'),
      poolRefillAllowed: true,
      licenses: [
        { productId: ce, trialUnits: 5, fullUnits: 10 },
        { productId: ep, fullUnits: 40 },
      ],
      servicePlanIds: [annual.id, trial.id],
    });
    expect(created.licenses).toEqual([
      { productId: ce, productName: expect.any(String), trialUnits: 5, fullUnits: 10 },
      { productId: ep, productName: expect.any(String), trialUnits: 0, fullUnits: 40 },
    ]);
    const quay = await companyByAccount(t.db, 'quay-resellers');
    expect(quay).toMatchObject({ kind: 'tier2', type: 'reseller', parentId: northwind.id, poolRefillAllowed: true });

    // The tier-1 has those units assigned, the partner holds them.
    expect(await pool(northwind.id, 'CE')).toMatchObject({ trialAssigned: beforeCe.trialAssigned + 5, fullAssigned: beforeCe.fullAssigned + 10, fullTotal: beforeCe.fullTotal });
    expect(await pool(northwind.id, 'EP')).toMatchObject({ fullAssigned: beforeEp.fullAssigned + 40 });
    expect(await pool(quay.id, 'CE')).toMatchObject({ trialTotal: 5, fullTotal: 10, trialAssigned: 0, fullAssigned: 0 });
    expect(await pool(quay.id, 'EP')).toMatchObject({ trialTotal: 0, fullTotal: 40 });

    // One ledger row each side per unit kind, naming the other side.
    const ledger = await t.db
      .select()
      .from(licensePoolMovements)
      .where(and(eq(licensePoolMovements.productId, ce), eq(licensePoolMovements.kind, 'partner-assignment')))
      .orderBy(asc(licensePoolMovements.id));
    const mine = ledger.filter((row) => row.companyId === quay.id || row.counterpartCompanyId === quay.id);
    expect(mine.map((row) => [row.companyId === quay.id ? 'partner' : 'tier-1', row.trialUnits, row.fullUnits]).sort()).toEqual(
      [
        ['partner', 0, 10],
        ['partner', 5, 0],
        ['tier-1', -5, 0],
        ['tier-1', 0, -10],
      ].sort(),
    );
    const [actor] = await t.db.select().from(users).where(eq(users.email, 'admin@northwind-distribution.example'));
    expect(mine.every((row) => row.actorUserId === actor!.id)).toBe(true);

    // The partner's tabs show them.
    const tab = await api.partners.licenses.list({ partnerId: quay.id });
    expect(tab.items.find((l) => l.productId === ce)).toMatchObject({ trial: { total: 5 }, full: { total: 10, remaining: 10 } });
    const plans = await api.servicePlans.list({ filters: { resellerId: quay.id } });
    expect(plans.items.map((p) => p.name).sort()).toEqual(['Email Security Annual', 'Email Security Trial']);
    const links = await t.db.select().from(servicePlanResellers).where(eq(servicePlanResellers.resellerId, quay.id));
    expect(links.every((l) => l.channelId === quay.channelId && l.partnerId === quay.id)).toBe(true);

    const actions = (await t.db.select().from(auditLog).where(eq(auditLog.companyId, quay.id))).map((a) => a.action);
    expect(actions.filter((a) => a === 'partner.create')).toHaveLength(1);
    expect(actions.filter((a) => a === 'partner.licenses.assign')).toHaveLength(2);
    expect(actions.filter((a) => a === 'service-plan.assign-reseller')).toHaveLength(2);
    // The welcome mail is queued as for any partner.
    expect(await t.db.select().from(emailMessages).where(eq(emailMessages.recipientEmail, 'pat@quay-resellers.example'))).toHaveLength(1);
  });

  it('sets an MSP’s refill capacity with its units', async () => {
    const api = await as('admin@northwind-distribution.example');
    const wg = await productId('WG');
    await api.partners.create({
      ...partnerInput('pier-msp', 'Pier MSP', 'msp'),
      poolRefillAllowed: true,
      licenses: [{ productId: wg, fullUnits: 20, fullCapacity: 60 }],
    });
    const pier = await companyByAccount(t.db, 'pier-msp');
    expect(await pool(pier.id, 'WG')).toMatchObject({ fullTotal: 20, fullCapacity: 60, trialCapacity: null });
    // It may now refill up to that capacity on its own.
    const msp = await as('pat@pier-msp.example');
    await expect(msp.licensePool.refill({ productId: wg })).resolves.toMatchObject({ fullUnits: 40 });
  });

  it('refuses the whole creation when the tier-1’s pool is short, with the pool’s message, and creates nothing', async () => {
    const api = await as('admin@northwind-distribution.example');
    const northwind = await companyByAccount(t.db, 'northwind-distribution');
    const [ce, ss] = [await productId('CE'), await productId('SS')];
    const beforeCe = (await pool(northwind.id, 'CE'))!;
    const beforeSs = (await pool(northwind.id, 'SS'))!;
    const remaining = beforeSs.fullTotal - beforeSs.fullAssigned;
    const ledgerBefore = (await t.db.select().from(licensePoolMovements)).length;
    const plan = await planOf('northwind-distribution', 'Email Security Annual');

    await expect(
      api.partners.create({
        ...partnerInput('short-resellers', 'Short Resellers', 'reseller'),
        // The first line could be served: it must be given back with the rest.
        licenses: [
          { productId: ce, fullUnits: 10 },
          { productId: ss, fullUnits: remaining + 1 },
        ],
        servicePlanIds: [plan.id],
      }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `Northwind Distribution has ${remaining} full Server Security units left; ${remaining + 1} were asked for.`,
      cause: { details: { field: 'licenses.1' } },
    });
    await nothingCreated('short-resellers');
    expect(await pool(northwind.id, 'CE')).toMatchObject({ fullAssigned: beforeCe.fullAssigned });
    expect(await pool(northwind.id, 'SS')).toMatchObject({ fullAssigned: beforeSs.fullAssigned });
    expect(await t.db.select().from(licensePoolMovements)).toHaveLength(ledgerBefore);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'partner.create'))).not.toContainEqual(
      expect.objectContaining({ after: expect.objectContaining({ accountName: 'short-resellers' }) }),
    );

    // The same partner with units the pool has is created.
    await expect(
      api.partners.create({ ...partnerInput('short-resellers', 'Short Resellers', 'reseller'), licenses: [{ productId: ss, fullUnits: remaining }] }),
    ).resolves.toMatchObject({ accountName: 'short-resellers' });
  });

  it('answers NOT_FOUND for another channel’s plan or an unknown product and creates nothing', async () => {
    const api = await as('admin@northwind-distribution.example');
    const contosoPlan = await planOf('contoso-networks', 'Email Security Annual');
    await expect(
      api.partners.create({ ...partnerInput('stray-resellers', 'Stray Resellers', 'reseller'), servicePlanIds: [contosoPlan.id] }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Service plan was not found.', cause: { details: { field: 'servicePlanIds.0' } } });
    await nothingCreated('stray-resellers');
    // Nor is an MSP's own plan one its tier-1 can lend.
    const bluefinPlan = await planOf('bluefin-it', 'Email Security Annual');
    await expect(
      api.partners.create({ ...partnerInput('stray-resellers', 'Stray Resellers', 'reseller'), servicePlanIds: [bluefinPlan.id] }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await nothingCreated('stray-resellers');
    // A product that does not exist is refused on its line.
    await expect(
      api.partners.create({
        ...partnerInput('stray-resellers', 'Stray Resellers', 'reseller'),
        licenses: [{ productId: '00000000-0000-4000-8000-000000000000', fullUnits: 1 }],
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'Product was not found.', cause: { details: { field: 'licenses.0' } } });
    await nothingCreated('stray-resellers');
  });

  it('refuses a disabled plan and creates nothing', async () => {
    const api = await as('admin@northwind-distribution.example');
    const plan = await planOf('northwind-distribution', 'Server Security Annual');
    await api.servicePlans.setEnabled({ id: plan.id, enabled: false });
    await expect(
      api.partners.create({ ...partnerInput('dim-resellers', 'Dim Resellers', 'reseller'), servicePlanIds: [plan.id] }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: '"Server Security Annual" is disabled: enable it before assigning it to a reseller.' });
    await nothingCreated('dim-resellers');
    await api.servicePlans.setEnabled({ id: plan.id, enabled: true });
  });

  it('validates the lines with messages a person can act on', async () => {
    const api = await as('admin@northwind-distribution.example');
    const ce = await productId('CE');
    const plan = await planOf('northwind-distribution', 'Email Security Annual');
    const refusal = (extra: Record<string, unknown>, message: string, type: 'msp' | 'reseller' = 'reseller') =>
      expect(api.partners.create({ ...partnerInput('bad-lines', 'Bad Lines', type), ...extra })).rejects.toMatchObject({ code: 'BAD_REQUEST', message });
    await refusal({ licenses: [{ productId: ce, fullUnits: -1 }] }, 'licenses.0.fullUnits: Units cannot be negative.');
    await refusal({ licenses: [{ productId: ce, trialUnits: 1.5 }] }, 'licenses.0.trialUnits: Units must be a whole number.');
    await refusal({ licenses: [{ productId: ce, trialUnits: 0, fullUnits: 0 }] }, 'licenses.0.fullUnits: Enter trial or full units for this product.');
    await refusal(
      { licenses: [{ productId: ce, fullUnits: 1 }, { productId: ce, trialUnits: 1 }] },
      'licenses.1.productId: This product is already in the list: put all its units on one line.',
    );
    await refusal({ licenses: [{ productId: 'CE', fullUnits: 1 }] }, 'licenses.0.productId: Choose a product.');
    await refusal({ licenses: [{ productId: ce, fullUnits: 1, fullCapacity: 5 }] }, 'licenses.0.fullCapacity: A refill capacity is set for MSPs only.');
    await refusal({ servicePlanIds: [plan.id] }, 'servicePlanIds: Service plans are assigned to resellers only: MSPs create their own.', 'msp');
    await refusal({ servicePlanIds: [plan.id, plan.id] }, 'servicePlanIds: A service plan is listed twice.');
    await refusal({ servicePlanIds: ['nope'] }, 'servicePlanIds.0: That is not a valid service plan id.');
    await nothingCreated('bad-lines');
  });

  it('refuses licenses and plans to a role that may create partners but not assign them', async () => {
    const api = await as('partner-account-manager@northwind-distribution.example');
    const ce = await productId('CE');
    const plan = await planOf('northwind-distribution', 'Email Security Annual');
    await expect(
      api.partners.create({ ...partnerInput('pam-resellers', 'PAM Resellers', 'reseller'), licenses: [{ productId: ce, fullUnits: 1 }] }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      api.partners.create({ ...partnerInput('pam-resellers', 'PAM Resellers', 'reseller'), servicePlanIds: [plan.id] }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await nothingCreated('pam-resellers');
    await expect(api.partners.create(partnerInput('pam-resellers', 'PAM Resellers', 'reseller'))).resolves.toMatchObject({
      accountName: 'pam-resellers',
    });
  });

  it('gives the vendor’s new tier-1s no licenses or plans', async () => {
    const vendor = await as('admin@keyway.example');
    const ce = await productId('CE');
    await expect(
      vendor.partners.create({
        profile: profile('tier-one-new', 'Tier One New'),
        type: 'distributor',
        admin: { name: 'T', email: 'pat@tier-one-new.example' },
        licenses: [{ productId: ce, fullUnits: 1 }],
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await nothingCreated('tier-one-new');
  });
});
