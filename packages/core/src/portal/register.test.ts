import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { keyBatches, legalAcceptances, legalDocuments, licensePools, licenses, products, registrationKeys, servicePlans, type Company } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { currentLegalDocuments } from '../branding/index.ts';
import { createJobQueue, type JobQueue } from '../jobs/index.ts';
import { addUnits } from '../license-pool/index.ts';
import { formatKey, generateKeyCode } from '../registration-keys/index.ts';
import { actorFor, companyByAccount, createSeededDb } from '../testing/index.ts';
import { registerKey } from './register.ts';

let t: TestDb;
let jobs: JobQueue;
let bluefin: Company;
let productId: string;
let planId: string;
let batchId: string;
let eulaId: string;
let privacyId: string;

const RACERS = ['acme-dental', 'golden-gate-arch', 'sequoia-law', 'redwood-bakery', 'mission-clinic'];

beforeAll(async () => {
  t = await createSeededDb();
  jobs = createJobQueue(t.url);
  bluefin = await companyByAccount(t.db, 'bluefin-it');
  const stamps = { companyId: bluefin.id, channelId: bluefin.channelId, partnerId: bluefin.partnerId, customerId: bluefin.customerId };
  const [product] = await t.db.insert(products).values({ code: 'RK', name: 'Race Keeper', unitTypes: ['device'], saas: false }).returning();
  productId = product!.id;
  const [plan] = await t.db
    .insert(servicePlans)
    .values({ ...stamps, name: 'Race Keeper 2', productId, versionType: 'full', unitType: 'device', unitsPerLicense: 2, initialPeriodMonths: 12 })
    .returning();
  planId = plan!.id;
  await t.db.transaction((tx) =>
    addUnits(tx, { companyId: bluefin.id, productId }, { kind: 'vendor-issue', versionType: 'full', units: 100, actorUserId: null }),
  );
  const [batch] = await t.db
    .insert(keyBatches)
    .values({ ...stamps, planId, productId, count: 10, validUntil: '2099-12-31', status: 'ready' })
    .returning();
  batchId = batch!.id;
  await t.db.insert(legalDocuments).values({
    companyId: null,
    kind: 'eula',
    productId,
    language: 'en',
    version: 1,
    title: 'Race Keeper EULA',
    body: 'Terms.',
    status: 'published',
    publishedAt: new Date(),
  });
  const acme = await companyByAccount(t.db, 'acme-dental');
  const docs = await currentLegalDocuments(t.db, { companyId: acme.id, productId, language: 'en' });
  if (!docs.privacy) {
    await t.db.insert(legalDocuments).values({ companyId: null, kind: 'privacy', language: 'en', version: 1, title: 'Privacy', body: 'Privacy.', status: 'published', publishedAt: new Date() });
  }
  const again = await currentLegalDocuments(t.db, { companyId: acme.id, productId, language: 'en' });
  eulaId = again.eula!.id;
  privacyId = again.privacy!.id;
});
afterAll(async () => {
  await jobs.stop();
  await t.drop();
});

describe('registerKey', () => {
  it('lets exactly one of five customers racing for one key win; the pool gives units once', async () => {
    const code = generateKeyCode('RK');
    await t.db.insert(registrationKeys).values({
      code,
      batchId,
      seq: 0,
      companyId: bluefin.id,
      channelId: bluefin.channelId,
      partnerId: bluefin.partnerId,
      planId,
      productId,
    });
    const actors = await Promise.all(RACERS.map((account) => actorFor(t.db, `admin@${account}.example`)));
    const results = await Promise.allSettled(
      actors.map((actor) =>
        registerKey(t.db, jobs, actor, { key: formatKey(code), eulaId, privacyId, accepted: true }, { origin: 'http://console.test' }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const lost of results.filter((r) => r.status === 'rejected')) {
      expect((lost.reason as Error).message).toBe('This key has already been registered.');
    }
    const [key] = await t.db.select().from(registrationKeys).where(eq(registrationKeys.code, code));
    const made = await t.db.select().from(licenses).where(eq(licenses.planId, planId));
    expect(made).toHaveLength(1);
    expect(made[0]!.id).toBe(key!.licenseId);
    expect(made[0]!.companyId).toBe(key!.registeredCompanyId);
    const [pool] = await t.db.select().from(licensePools).where(eq(licensePools.productId, productId));
    expect(pool!.fullAssigned).toBe(2);
    const [accepted] = await t.db.select({ n: sql<number>`count(*)::int` }).from(legalAcceptances).where(eq(legalAcceptances.keyId, key!.id));
    expect(accepted!.n).toBe(2);
    // A product that needs no activation code gets none, and no data center for a non-SaaS product.
    expect(key!.activationCode).toBeNull();
    expect(key!.dataCenterId).toBeNull();
  });
});
