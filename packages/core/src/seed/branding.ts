import { products, legalDocuments, regionalServices, type Tx } from '@keyway/db';

const eula = (productName: string) => `# ${productName} End User License Agreement

By registering a key for **${productName}** you accept these terms on behalf of your organisation.

## 1. Licence
You may use ${productName} for the number of units your licence states, for its term.

## 2. Restrictions
Do not resell, reverse engineer or share access to the service beyond your licence.

## 3. Data
Your data is processed in the data center chosen at registration, as the privacy statement describes.

## 4. Liability
The service is provided as described in your partner agreement. See [keyway.example/legal](https://keyway.example/legal).
`;

const PRIVACY = {
  en: { title: 'Keyway Privacy Statement', body: `# Privacy Statement

We process the account data you give us (names, email addresses) and the usage data the products
report, to provide and bill the services you licensed.

- Data stays in the data center you choose when you register a key.
- We never sell personal data.
- Write to [privacy@keyway.example](mailto:privacy@keyway.example) to see or delete your data.
` },
  de: { title: 'Keyway Datenschutzerklärung', body: `# Datenschutzerklärung

Wir verarbeiten die Kontodaten, die Sie uns geben (Namen, E-Mail-Adressen), und die Nutzungsdaten
der Produkte, um die lizenzierten Dienste bereitzustellen und abzurechnen.

- Die Daten bleiben im Rechenzentrum, das Sie bei der Registrierung wählen.
- Wir verkaufen keine personenbezogenen Daten.
- Auskunft und Löschung: [privacy@keyway.example](mailto:privacy@keyway.example).
` },
} as const;

const REGIONAL_SERVICES = [
  { code: 'us', name: 'Americas service', region: 'us', endpoint: 'https://us.services.keyway.example' },
  { code: 'eu', name: 'Europe service', region: 'eu', endpoint: 'https://eu.services.keyway.example' },
  { code: 'apac', name: 'Asia Pacific service', region: 'apac', endpoint: 'https://apac.services.keyway.example' },
];

/**
 * The vendor's branding: a published EULA (English) for every product, the privacy statement in
 * English and German, and its regional services. Version 1 of each, so running it again adds nothing.
 */
export async function seedBranding(tx: Tx): Promise<void> {
  const vendor = { companyId: null, channelId: null, partnerId: null, customerId: null };
  const publishedAt = new Date('2026-01-01T00:00:00Z');
  const catalog = await tx.select({ id: products.id, name: products.name }).from(products);
  await tx
    .insert(legalDocuments)
    .values([
      ...catalog.map((product) => ({
        ...vendor,
        kind: 'eula' as const,
        productId: product.id,
        language: 'en',
        version: 1,
        title: `${product.name} EULA`,
        body: eula(product.name),
        status: 'published' as const,
        publishedAt,
      })),
      ...(['en', 'de'] as const).map((language) => ({
        ...vendor,
        kind: 'privacy' as const,
        productId: null,
        language,
        version: 1,
        title: PRIVACY[language].title,
        body: PRIVACY[language].body,
        status: 'published' as const,
        publishedAt,
      })),
    ])
    .onConflictDoNothing();
  await tx
    .insert(regionalServices)
    .values(REGIONAL_SERVICES.map((service) => ({ ...vendor, ...service })))
    .onConflictDoNothing();
}
