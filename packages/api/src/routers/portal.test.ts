import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import {
  auditLog,
  customerTransactions,
  dataCenters,
  emailMessages,
  keyBatches,
  legalAcceptances,
  legalDocuments,
  licensePoolMovements,
  licensePools,
  licenses,
  products,
  registrationKeys,
  servicePlans,
  users,
  type Company,
} from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { addUnits } from '@keyway/core/license-pool';
import { createJobQueue, type JobQueue } from '@keyway/core/jobs';
import { currentLegalDocuments } from '@keyway/core/branding';
import { formatKey, generateKeyCode } from '@keyway/core/registration-keys';
import { companyByAccount, createSeededDb } from '@keyway/core/testing';
import { callerAs, signedInAs } from '../testing/callers.ts';

let t: TestDb;
let jobs: JobQueue;
let bluefin: Company;
let product: { id: string; code: string };
let shortProduct: { id: string; code: string };
let plan: string;
let shortPlan: string;
let batch: string;
let expiredBatch: string;
let shortBatch: string;
let eula: string;
let privacy: string;
let privacyTitle: string;
let dataCenter: string;

const CUSTOMER = 'admin@acme-dental.example';
const OTHER_CUSTOMER = 'admin@golden-gate-arch.example';
const MSP = 'admin@bluefin-it.example';
const as = (email: string) => callerAs(t.db, email, { jobs });
const day = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function stamped(owner: Company) {
  return { companyId: owner.id, channelId: owner.channelId, partnerId: owner.partnerId, customerId: owner.customerId };
}

async function newBatch(planId: string, productId: string, validUntil: string, owner: Company = bluefin) {
  const [row] = await t.db
    .insert(keyBatches)
    .values({ ...(await stamped(owner)), planId, productId, count: 100, validUntil, status: 'ready' })
    .returning();
  return row!.id;
}

let seq = 0;
async function newKey(
  options: { batchId?: string; status?: 'available' | 'voided'; planId?: string; p?: { id: string; code: string }; owner?: Company } = {},
) {
  const p = options.p ?? product;
  const code = generateKeyCode(p.code);
  await t.db.insert(registrationKeys).values({
    ...(await stamped(options.owner ?? bluefin)),
    code,
    batchId: options.batchId ?? batch,
    seq: seq++,
    planId: options.planId ?? plan,
    productId: p.id,
    status: options.status ?? 'available',
  });
  return formatKey(code);
}

async function keyRow(formatted: string) {
  const [row] = await t.db.select().from(registrationKeys).where(eq(registrationKeys.code, formatted.replaceAll('-', '')));
  return row!;
}

async function publish(kind: 'eula' | 'privacy', version: number, productId: string | null) {
  const [row] = await t.db
    .insert(legalDocuments)
    .values({
      companyId: null,
      kind,
      productId,
      language: 'en',
      version: sql`(select coalesce(max(version), 0) + 1 from legal_documents where company_id is null and kind = ${kind} and language = 'en' and product_id is not distinct from ${productId})`,
      title: kind === 'eula' ? `Keyway EULA v${version}` : `Keyway privacy statement v${version}`,
      body: `# Terms\n\nRead this. <script>alert(1)</script>`,
      status: 'published',
      publishedAt: new Date(Date.now() + version),
    })
    .returning();
  return row!.id;
}

beforeAll(async () => {
  t = await createSeededDb();
  jobs = createJobQueue(t.url);
  bluefin = await companyByAccount(t.db, 'bluefin-it');
  const [p] = await t.db
    .insert(products)
    .values({ code: 'RQ', name: 'Remote Quill', unitTypes: ['user'], saas: true, needsActivationCode: true })
    .returning();
  const [q] = await t.db.insert(products).values({ code: 'RZ', name: 'Rare Zebra', unitTypes: ['user'], saas: false }).returning();
  product = p!;
  shortProduct = q!;
  const [pl] = await t.db
    .insert(servicePlans)
    .values({ ...(await stamped(bluefin)), name: 'Remote Quill 5', productId: product.id, versionType: 'full', unitType: 'user', unitsPerLicense: 5, initialPeriodMonths: 12 })
    .returning();
  const [sp] = await t.db
    .insert(servicePlans)
    .values({ ...(await stamped(bluefin)), name: 'Rare Zebra 5', productId: shortProduct.id, versionType: 'full', unitType: 'user', unitsPerLicense: 5, initialPeriodMonths: 12 })
    .returning();
  plan = pl!.id;
  shortPlan = sp!.id;
  await t.db.transaction(async (tx) => {
    await addUnits(tx, { companyId: bluefin.id, productId: product.id }, { kind: 'vendor-issue', versionType: 'full', units: 100, actorUserId: null });
    await addUnits(tx, { companyId: bluefin.id, productId: shortProduct.id }, { kind: 'vendor-issue', versionType: 'full', units: 2, actorUserId: null });
  });
  batch = await newBatch(plan, product.id, day(30));
  expiredBatch = await newBatch(plan, product.id, day(-1));
  shortBatch = await newBatch(shortPlan, shortProduct.id, day(30));
  eula = await publish('eula', 1, product.id);
  await publish('eula', 1, shortProduct.id);
  await publish('privacy', 1, null);
  // The privacy statement Acme Dental accepts: the one just published, or a nearer owner's.
  const acme = await companyByAccount(t.db, 'acme-dental');
  const current = await currentLegalDocuments(t.db, { companyId: acme.id, productId: product.id, language: 'en' });
  privacy = current.privacy!.id;
  privacyTitle = `${current.privacy!.title} ${current.privacy!.version}`;
  const [dc] = await t.db.insert(dataCenters).values({ code: 'fra', name: 'Frankfurt', region: 'eu', endpoint: 'https://fra.example' }).returning();
  dataCenter = dc!.id;
});
afterAll(async () => {
  await jobs.stop();
  await t.drop();
});
beforeEach(async () => {
  await t.db.execute(sql`delete from rate_limits`);
});

const accept = (key: string) => ({ key, eulaId: eula, privacyId: privacy, accepted: true as const, dataCenterId: dataCenter });

describe('portal.checkKey', () => {
  it('answers the product, plan, the current EULA and privacy statement (sanitised) and the data centers', async () => {
    const key = await newKey();
    const api = await as(CUSTOMER);
    const checked = await api.portal.checkKey({ key: key.toLowerCase().replaceAll('-', ' ') });
    expect(checked).toMatchObject({ key, product: { name: 'Remote Quill' }, plan: { name: 'Remote Quill 5', units: 5 } });
    expect(checked.eula).toMatchObject({ id: eula, title: 'Keyway EULA v1' });
    expect(checked.privacy.id).toBe(privacy);
    expect(checked.eula.html).toContain('<h1>Terms</h1>');
    expect(checked.eula.html).not.toContain('<script');
    expect(checked.dataCenters.map((d) => d.name)).toContain('Frankfurt');
  });

  it('refuses mistyped, unknown, voided, expired and registered keys with what is wrong', async () => {
    const api = await as(CUSTOMER);
    const good = await newKey();
    const last = good.at(-1)!;
    const mistyped = good.slice(0, -1) + (last === 'A' ? 'B' : 'A');
    await expect(api.portal.checkKey({ key: mistyped })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(api.portal.checkKey({ key: 'hello' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(api.portal.checkKey({ key: formatKey(generateKeyCode('RQ')) })).rejects.toThrow('We do not know this key');
    await expect(api.portal.checkKey({ key: await newKey({ status: 'voided' }) })).rejects.toThrow('This key was voided');
    await expect(api.portal.checkKey({ key: await newKey({ batchId: expiredBatch }) })).rejects.toThrow('This key has expired');
    await api.portal.register(accept(good));
    await expect(api.portal.checkKey({ key: good })).rejects.toThrow('This key has already been registered.');
  });

  it('answers a key issued for another partner’s customers exactly as an unknown key, whatever its state', async () => {
    const registered = await newKey();
    await (await as(CUSTOMER)).portal.register(accept(registered));
    const api = await as('admin@pinecrest-medical.example');
    const failure = (error: { code: string; message: string }) => ({ code: error.code, message: error.message });
    const unknown = failure(await api.portal.checkKey({ key: formatKey(generateKeyCode('RQ')) }).catch((e) => e));
    expect(unknown).toEqual({ code: 'NOT_FOUND', message: 'We do not know this key. Check it against the one you were given and try again.' });
    const others = [await newKey(), await newKey({ status: 'voided' }), await newKey({ batchId: expiredBatch }), registered];
    for (const key of others) {
      const before = await keyRow(key);
      expect(failure(await api.portal.checkKey({ key }).catch((e) => e))).toEqual(unknown);
      expect(failure(await api.portal.register(accept(key)).catch((e) => e))).toEqual(unknown);
      expect(await keyRow(key)).toEqual(before);
    }
  });

  it('counts attempts per user before any lookup: the 21st in an hour is refused', async () => {
    const api = await as(OTHER_CUSTOMER);
    for (let i = 0; i < 20; i++) await api.portal.checkKey({ key: 'nonsense' }).catch(() => {});
    await expect(api.portal.checkKey({ key: await newKey() })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  it('counts attempts per IP address across users: over 100 in an hour is refused', async () => {
    await t.db.execute(sql`insert into rate_limits (key, window_start, count) values ('registration-key:ip:127.0.0.1', now(), 100)`);
    const api = await as(CUSTOMER);
    await expect(api.portal.checkKey({ key: await newKey() })).rejects.toThrow(/Too many key attempts/);
  });

  it('refuses a key whose plan is no longer offered', async () => {
    const [off] = await t.db
      .insert(servicePlans)
      .values({ ...(await stamped(bluefin)), name: 'Remote Quill old', productId: product.id, versionType: 'full', unitType: 'user', initialPeriodMonths: 12, enabled: false })
      .returning();
    const api = await as(CUSTOMER);
    const key = await newKey({ planId: off!.id, batchId: await newBatch(off!.id, product.id, day(30)) });
    await expect(api.portal.checkKey({ key })).rejects.toThrow('The Remote Quill old plan of this key is no longer offered');
    await expect(api.portal.register(accept(key))).rejects.toThrow('no longer offered');
    expect((await keyRow(key)).status).toBe('available');
  });
});

describe('portal.register', () => {
  it('creates the license from the pool of the issuing company, an activation code, the acceptances, the mail, the transaction and the audit row', async () => {
    const key = await newKey();
    const api = await as(CUSTOMER);
    const [before] = await t.db.select().from(licensePools).where(and(eq(licensePools.companyId, bluefin.id), eq(licensePools.productId, product.id)));
    const done = await api.portal.register(accept(key));
    expect(done.license).toMatchObject({ productName: 'Remote Quill', planName: 'Remote Quill 5', status: 'active', units: 5 });
    expect(done.activationCode).toMatch(/^RQ-[0-9A-Z]{4}(-[0-9A-Z]{5}){5}$/);
    const [after] = await t.db.select().from(licensePools).where(and(eq(licensePools.companyId, bluefin.id), eq(licensePools.productId, product.id)));
    expect(after!.fullAssigned - before!.fullAssigned).toBe(5);

    const acme = await companyByAccount(t.db, 'acme-dental');
    const row = await keyRow(key);
    expect(row).toMatchObject({ status: 'registered', registeredCompanyId: acme.id, licenseId: done.license.id, dataCenterId: dataCenter });
    const [license] = await t.db.select().from(licenses).where(eq(licenses.id, done.license.id));
    expect(license).toMatchObject({ companyId: acme.id, managingCompanyId: bluefin.id, dataCenterId: dataCenter, units: 5 });

    const accepted = await t.db.select().from(legalAcceptances).where(eq(legalAcceptances.keyId, row.id));
    const [admin] = await t.db.select().from(users).where(eq(users.email, CUSTOMER));
    expect(accepted.map((a) => a.documentId).sort()).toEqual([eula, privacy].sort());
    expect(accepted.every((a) => a.userId === admin!.id && a.ip === '127.0.0.1' && a.customerId === acme.id)).toBe(true);

    const mails = await t.db.select().from(emailMessages).where(and(eq(emailMessages.event, 'registration-confirmation'), eq(emailMessages.companyId, acme.id)));
    const mail = mails.find((m) => m.text.includes(key));
    expect(mail!.recipientEmail).toBe(CUSTOMER);
    expect(mail!.text).toContain(done.activationCode!);
    const [tr] = await t.db.select().from(customerTransactions).where(eq(customerTransactions.licenseId, done.license.id));
    expect(tr).toMatchObject({ type: 'new-purchase', newUnits: 5 });
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'registration-key.register'), eq(auditLog.targetId, String(row.id))));
    expect(audit!.customerId).toBe(acme.id);

    const products = await api.portal.products({});
    expect(products.items.find((p) => p.id === done.license.id)).toMatchObject({
      activationCode: done.activationCode,
      registrationKey: key,
      dataCenter: { name: 'Frankfurt' },
    });
    const acceptances = await api.portal.acceptances({});
    expect(acceptances.items.filter((a) => a.registrationKey === key).map((a) => `${a.title} ${a.version} ${a.userEmail}`).sort()).toEqual([
      `Keyway EULA v1 1 ${CUSTOMER}`,
      `${privacyTitle} ${CUSTOMER}`,
    ].sort());
  });

  it('lets exactly one of two customers racing for one key win', async () => {
    const key = await newKey();
    const [a, b] = await Promise.all([as(CUSTOMER), as(OTHER_CUSTOMER)]);
    const results = await Promise.allSettled([a.portal.register(accept(key)), b.portal.register(accept(key))]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((lost.reason as Error).message).toBe('This key has already been registered.');
    const [n] = await t.db.select({ n: sql<number>`count(*)::int` }).from(licenses).where(eq(licenses.id, (await keyRow(key)).licenseId!));
    expect(n!.n).toBe(1);
  });

  it('fails cleanly on a short pool and leaves the key available', async () => {
    const key = await newKey({ batchId: shortBatch, planId: shortPlan, p: shortProduct });
    const api = await as(CUSTOMER);
    const shortEula = (await api.portal.checkKey({ key })).eula.id;
    expect((await api.portal.checkKey({ key })).dataCenters).toEqual([]);
    const error = await api.portal.register({ key, eulaId: shortEula, privacyId: privacy, accepted: true }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).not.toContain('Something went wrong');
    expect((await keyRow(key)).status).toBe('available');
  });

  it('refuses documents that are no longer current, and a registration without acceptance', async () => {
    const key = await newKey();
    const api = await as(CUSTOMER);
    await expect(api.portal.register({ ...accept(key), accepted: false as unknown as true })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const newer = await publish('eula', 2, product.id);
    await expect(api.portal.register(accept(key))).rejects.toThrow('The EULA changed while you were reading: read the new version.');
    expect((await keyRow(key)).status).toBe('available');
    const done = await api.portal.register({ ...accept(key), eulaId: newer });
    const accepted = await t.db.select().from(legalAcceptances).where(eq(legalAcceptances.keyId, (await keyRow(key)).id));
    expect(accepted.map((a) => a.documentId)).toContain(newer);
    expect(done.license.status).toBe('active');
    eula = newer;
  });

  it('is for customer users only', async () => {
    const api = await as(MSP);
    await expect(api.portal.products({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(api.portal.checkKey({ key: await newKey() })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('customers.licenses.registerKey', () => {
  it('registers a key on a customer’s behalf, the partner’s user accepting', async () => {
    const key = await newKey();
    const api = await as(MSP);
    const golden = await companyByAccount(t.db, 'golden-gate-arch');
    const checked = await api.customers.licenses.checkKey({ customerId: golden.id, key });
    const done = await api.customers.licenses.registerKey({ customerId: golden.id, key, eulaId: checked.eula.id, privacyId: checked.privacy.id, accepted: true, dataCenterId: dataCenter });
    expect(done.license.units).toBe(5);
    const [msp] = await t.db.select().from(users).where(eq(users.email, MSP));
    const accepted = await t.db.select().from(legalAcceptances).where(eq(legalAcceptances.keyId, (await keyRow(key)).id));
    expect(accepted.every((a) => a.userId === msp!.id && a.companyId === golden.id)).toBe(true);
  });

  it('answers NOT_FOUND for another subtree’s customer, and does not know another subtree’s keys', async () => {
    const key = await newKey();
    const other = await as('admin@contoso-networks.example');
    const golden = await companyByAccount(t.db, 'golden-gate-arch');
    await expect(other.customers.licenses.checkKey({ customerId: golden.id, key })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      other.customers.licenses.registerKey({ customerId: golden.id, key, eulaId: eula, privacyId: privacy, accepted: true }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const harbor = await as('admin@harbor-resellers.example');
    const [harborCustomer] = await t.db.execute<{ id: string }>(
      sql`select c.id from companies c join companies p on p.id = c.partner_id where p.account_name = 'harbor-resellers' and c.kind = 'customer' limit 1`,
    );
    const tier1 = await as('admin@northwind-distribution.example');
    await expect(tier1.customers.licenses.checkKey({ customerId: harborCustomer!.id, key })).rejects.toThrow('issued for another partner');
    await expect(harbor.customers.licenses.checkKey({ customerId: harborCustomer!.id, key })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await keyRow(key)).status).toBe('available');
  });
});

describe('who registers a key on a customer’s behalf', () => {
  const TIER1 = 'admin@northwind-distribution.example';
  const assigned = async (owner: Company) => {
    const [row] = await t.db.select().from(licensePools).where(and(eq(licensePools.companyId, owner.id), eq(licensePools.productId, product.id)));
    return row?.fullAssigned ?? 0;
  };

  it('a tier-1 registers its partner’s key: the license is the partner’s, its units from the partner’s pool, the tier-1’s user recorded', async () => {
    const northwind = await companyByAccount(t.db, 'northwind-distribution');
    const golden = await companyByAccount(t.db, 'golden-gate-arch');
    const tier1 = await as(TIER1);
    const tier1User = (await signedInAs(t.db, TIER1)).user.id;
    const [bluefinBefore, northwindBefore] = [await assigned(bluefin), await assigned(northwind)];
    const done = await tier1.customers.licenses.registerKey({ customerId: golden.id, ...accept(await newKey()) });
    const [license] = await t.db.select().from(licenses).where(eq(licenses.id, done.license.id));
    expect(license).toMatchObject({ companyId: golden.id, managingCompanyId: bluefin.id, units: 5 });
    expect(await assigned(bluefin)).toBe(bluefinBefore + 5);
    expect(await assigned(northwind)).toBe(northwindBefore);
    const [movement] = await t.db.select().from(licensePoolMovements).where(eq(licensePoolMovements.licenseId, license!.id));
    expect(movement).toMatchObject({ companyId: bluefin.id, fullUnits: -5, actorUserId: tier1User });
    // Being above the manager, the tier-1 may change it too, still on the partner's pool.
    await tier1.customers.licenses.update({ id: license!.id, units: 15 });
    expect(await assigned(bluefin)).toBe(bluefinBefore + 15);
    expect(await assigned(northwind)).toBe(northwindBefore);
  });

  it('a partner cannot register its tier-1’s key for its customer, nor change the license the customer registered with it', async () => {
    const northwind = await companyByAccount(t.db, 'northwind-distribution');
    const golden = await companyByAccount(t.db, 'golden-gate-arch');
    const [nwPlan] = await t.db
      .insert(servicePlans)
      .values({ ...(await stamped(northwind)), name: 'Remote Quill Northwind 5', productId: product.id, versionType: 'full', unitType: 'user', unitsPerLicense: 5, initialPeriodMonths: 12 })
      .returning();
    await t.db.transaction((tx) =>
      addUnits(tx, { companyId: northwind.id, productId: product.id }, { kind: 'vendor-issue', versionType: 'full', units: 50, actorUserId: null }),
    );
    const key = await newKey({ owner: northwind, planId: nwPlan!.id, batchId: await newBatch(nwPlan!.id, product.id, day(30), northwind) });
    const [bluefinBefore, northwindBefore] = [await assigned(bluefin), await assigned(northwind)];

    const msp = await as(MSP);
    await expect(msp.customers.licenses.registerKey({ customerId: golden.id, ...accept(key) })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'We do not know this key. Check it against the one you were given and try again.',
    });
    expect((await keyRow(key)).status).toBe('available');
    expect(await assigned(northwind)).toBe(northwindBefore);

    // The customer may: the key was issued for its channel. The license is the tier-1's.
    const done = await (await as(OTHER_CUSTOMER)).portal.register(accept(key));
    const [license] = await t.db.select().from(licenses).where(eq(licenses.id, done.license.id));
    expect(license).toMatchObject({ companyId: golden.id, managingCompanyId: northwind.id, units: 5 });
    expect(await assigned(northwind)).toBe(northwindBefore + 5);

    const refused = {
      code: 'FORBIDDEN',
      message: 'Northwind Distribution manages this license: only Northwind Distribution or a company above it can change it.',
    };
    await expect(msp.customers.licenses.update({ id: license!.id, units: 50 })).rejects.toMatchObject(refused);
    await expect(msp.customers.licenses.renew({ id: license!.id })).rejects.toMatchObject(refused);
    await expect(msp.customers.licenses.discontinue({ id: license!.id })).rejects.toMatchObject(refused);
    expect(await assigned(northwind)).toBe(northwindBefore + 5);
    expect(await assigned(bluefin)).toBe(bluefinBefore);
  });
});
