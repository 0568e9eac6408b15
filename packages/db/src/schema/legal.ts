import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { products } from './catalog.ts';
import { companies } from './companies.ts';
import { createdAt, id, tenancy, updatedAt } from './columns.ts';
import { registrationKeys } from './keys.ts';
import { users } from './users.ts';

export const legalDocumentKind = pgEnum('legal_document_kind', ['eula', 'privacy']);
export const legalDocumentStatus = pgEnum('legal_document_status', ['draft', 'published']);

/**
 * Branding Settings → Privacy Statements and EULA. A document is one version of one text: an
 * EULA per product, a privacy statement per company subtree, each per language. Publishing a
 * version makes it the current one (the newest published); earlier versions stay readable, and
 * acceptances point at the version accepted. The owner's subtree uses its nearest owner's current
 * version, then the vendor's (company null).
 */
export const legalDocuments = pgTable(
  'legal_documents',
  {
    id: id(),
    /** The owner; null for the vendor's. */
    companyId: uuid().references(() => companies.id),
    ...tenancy(),
    kind: legalDocumentKind().notNull(),
    /** EULAs only. */
    productId: uuid().references(() => products.id),
    language: text().notNull(),
    version: integer().notNull(),
    title: text().notNull(),
    /** Markdown as written; rendered to sanitised HTML when shown. */
    body: text().notNull(),
    status: legalDocumentStatus().notNull().default('draft'),
    publishedAt: timestamp({ withTimezone: true }),
    publishedBy: uuid().references(() => users.id),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('legal_documents_version_key')
      .on(
        sql`coalesce(${t.companyId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
        t.kind,
        sql`coalesce(${t.productId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
        t.language,
        t.version,
      ),
    index('legal_documents_current_idx')
      .on(t.companyId, t.kind, t.productId, t.language, t.publishedAt)
      .where(sql`${t.status} = 'published'`),
    index('legal_documents_channel_id_idx').on(t.channelId),
  ],
);

/** A customer user accepted a document version, registering a key. Stamps are the customer's. */
export const legalAcceptances = pgTable(
  'legal_acceptances',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    documentId: uuid()
      .notNull()
      .references(() => legalDocuments.id),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    ...tenancy(),
    userId: uuid().references(() => users.id),
    keyId: bigint({ mode: 'number' }).references(() => registrationKeys.id),
    acceptedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ip: text(),
  },
  (t) => [
    index('legal_acceptances_company_id_idx').on(t.companyId, t.acceptedAt),
    index('legal_acceptances_document_id_idx').on(t.documentId),
  ],
);

export type LegalDocument = typeof legalDocuments.$inferSelect;
export type LegalAcceptance = typeof legalAcceptances.$inferSelect;
