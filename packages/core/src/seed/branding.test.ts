import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { legalDocuments, products, regionalServices } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { currentLegalDocuments } from '../branding/index.ts';
import { companyByAccount, createSeededDb } from '../testing/index.ts';
import { seedBranding } from './branding.ts';

describe('seedBranding', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createSeededDb();
  });
  afterAll(async () => t?.drop());

  it("publishes the vendor's EULA for every product and its privacy statement in English and German, once", async () => {
    const [catalog] = await t.db.select({ n: count() }).from(products);
    const countDocs = async () => (await t.db.select({ n: count() }).from(legalDocuments))[0]!.n;
    expect(await countDocs()).toBe(catalog!.n + 2);
    await t.db.transaction((tx) => seedBranding(tx));
    expect(await countDocs()).toBe(catalog!.n + 2);
    expect((await t.db.select({ n: count() }).from(regionalServices))[0]!.n).toBe(3);

    const globex = await companyByAccount(t.db, 'globex');
    const [product] = await t.db.select().from(products).where(eq(products.code, 'CE'));
    const current = await currentLegalDocuments(t.db, { companyId: globex.id, productId: product!.id, language: 'de' });
    expect(current.privacy).toMatchObject({ language: 'de', version: 1, title: 'Keyway Datenschutzerklärung' });
    expect(current.eula).toMatchObject({ language: 'en', version: 1, title: `${product!.name} EULA` });
    expect(current.eula?.html).toContain('<a href="https://keyway.example/legal" rel="noopener noreferrer" target="_blank">');
  });
});
