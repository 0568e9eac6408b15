import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legalDocuments, products } from '@keyway/db';
import type { TestDb } from '@keyway/db/testing';
import { eq } from 'drizzle-orm';
import { companyByAccount, createSeededDb } from '../testing/index.ts';
import { currentLegalDocuments, renderLegalMarkdown } from './legal.ts';

describe('renderLegalMarkdown', () => {
  it('keeps formatting and drops everything that could run', () => {
    const html = renderLegalMarkdown(
      [
        '# Terms',
        'Plain **bold** text.',
        '<script>alert(1)</script>',
        '<img src="x" onerror="alert(2)">',
        '<p onclick="alert(3)">click</p>',
        '[bad](javascript:alert(4)) [data](data:text/html;base64,PHNjcmlwdD4=) [ok](https://example.com)',
        '<iframe src="https://evil.example"></iframe>',
        '<a href="JaVaScRiPt:alert(5)">x</a>',
      ].join('\n\n'),
    );
    expect(html).toContain('<h1>Terms</h1>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<a href="https://example.com" rel="noopener noreferrer" target="_blank">ok</a>');
    for (const bad of ['<script', 'alert(1)', 'onerror', 'onclick', 'javascript:', 'JaVaScRiPt', 'data:', '<iframe', '<img']) {
      expect(html).not.toContain(bad);
    }
  });
});

describe('currentLegalDocuments', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createSeededDb();
  });
  afterAll(async () => t?.drop());

  it('takes the nearest owner above the customer, its language before English, the newest published version', async () => {
    const { db } = t;
    const msp = await companyByAccount(db, 'bluefin-it');
    const tier1 = await companyByAccount(db, 'northwind-distribution');
    const customer = await companyByAccount(db, 'acme-dental');
    const otherCustomer = await companyByAccount(db, 'pinecrest-medical');
    const [product] = await db.select().from(products).where(eq(products.code, 'SS'));
    const stamp = (c: typeof msp): Owner => ({ companyId: c.id, channelId: c.channelId, partnerId: c.partnerId, customerId: null });
    type Owner = { companyId: string | null; channelId: string | null; partnerId: string | null; customerId: null };
    const vendor: Owner = { companyId: null, channelId: null, partnerId: null, customerId: null };
    // Drop whatever the demo data published so the test reads only its own documents.
    await db.delete(legalDocuments);
    const doc = (owner: Owner, kind: 'eula' | 'privacy', language: string, version: number, status: 'draft' | 'published', title: string) => ({
      ...owner, kind, productId: kind === 'eula' ? product!.id : null, language, version, status, title, body: `# ${title}`,
      publishedAt: status === 'published' ? new Date() : null,
    });
    await db.insert(legalDocuments).values([
      doc(vendor, 'privacy', 'en', 1, 'published', 'Vendor privacy en'),
      doc(vendor, 'privacy', 'de', 1, 'published', 'Vendor privacy de'),
      doc(vendor, 'eula', 'en', 1, 'published', 'Vendor EULA en v1'),
      doc(vendor, 'eula', 'en', 2, 'published', 'Vendor EULA en v2'),
      doc(vendor, 'eula', 'en', 3, 'draft', 'Vendor EULA en v3 draft'),
      doc(stamp(tier1), 'privacy', 'en', 1, 'published', 'Northwind privacy en'),
      doc(stamp(msp), 'privacy', 'en', 1, 'published', 'Bluefin privacy en'),
      doc(stamp(msp), 'privacy', 'de', 1, 'draft', 'Bluefin privacy de draft'),
    ]);

    const acme = await currentLegalDocuments(db, { companyId: customer.id, productId: product!.id, language: 'de' });
    expect(acme.privacy?.title).toBe('Bluefin privacy en');
    expect(acme.eula?.title).toBe('Vendor EULA en v2');
    expect(acme.eula?.version).toBe(2);
    expect(acme.eula?.html).toContain('<h1>');

    const pinecrest = await currentLegalDocuments(db, { companyId: otherCustomer.id, productId: product!.id, language: 'en' });
    expect(pinecrest.privacy?.title).toBe('Northwind privacy en');

    const summitCustomer = await companyByAccount(db, 'globex');
    const globex = await currentLegalDocuments(db, { companyId: summitCustomer.id, productId: null, language: 'de' });
    expect(globex.privacy?.title).toBe('Vendor privacy de');
    expect(globex.eula).toBeNull();
    const globexJa = await currentLegalDocuments(db, { companyId: summitCustomer.id, productId: null, language: 'ja' });
    expect(globexJa.privacy?.title).toBe('Vendor privacy en');
  });
});
