import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  index,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tenancy, updatedAt } from './columns.ts';

export const companyKind = pgEnum('company_kind', ['vendor', 'tier1', 'tier2', 'customer']);

/** Tier-1s are distributors or ISPs; tier-2s are MSPs or resellers; vendor and customers have none. */
export const companyType = pgEnum('company_type', ['distributor', 'isp', 'msp', 'reseller']);

/**
 * Partners (tier-1, tier-2) move `active ⇄ suspended → canceled`; customers `enabled ⇄ disabled`.
 * One enum keeps the status filter a single indexed column; the domain enforces which values a
 * kind may take.
 */
export const companyStatus = pgEnum('company_status', [
  'active',
  'suspended',
  'canceled',
  'enabled',
  'disabled',
]);

export const companies = pgTable(
  'companies',
  {
    id: id(),
    kind: companyKind().notNull(),
    type: companyType(),
    /** The company directly above; null only for the vendor. */
    parentId: uuid().references((): AnyPgColumn => companies.id),
    ...tenancy(),
    name: text().notNull(),
    /** Short handle shown in lists and used in sign-in URLs; unique within a channel. */
    accountName: text().notNull(),
    status: companyStatus().notNull(),
    statusReason: text(),
    statusChangedAt: timestamp({ withTimezone: true }),
    statusChangedBy: uuid(),
    contactName: text(),
    contactEmail: text(),
    /** Customers: who to reach when the contact person cannot be. */
    emergencyEmail: text(),
    phone: text(),
    address: text(),
    city: text(),
    state: text(),
    postalCode: text(),
    /** ISO 3166-1 alpha-2. */
    country: text(),
    /** IANA zone, e.g. `Europe/Berlin`; the default for the company's users, reports and mails. */
    timeZone: text().notNull().default('UTC'),
    /** BCP 47 language tag, e.g. `en`, `de`. */
    language: text().notNull().default('en'),
    /** Tier-2 only: the parent allows refilling the pool up to its maximum without a request. */
    poolRefillAllowed: boolean().notNull().default(false),
    /**
     * Lower-cased name, account name and contact email in one column, so that substring search is
     * one trigram index scan instead of three.
     */
    searchText: text()
      .notNull()
      .generatedAlwaysAs(
        sql`lower(name || ' ' || account_name || ' ' || coalesce(contact_email, ''))`,
      ),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('companies_parent_id_idx').on(t.parentId),
    index('companies_channel_id_idx').on(t.channelId, t.kind),
    index('companies_partner_id_idx').on(t.partnerId, t.kind),
    index('companies_customer_id_idx').on(t.customerId),
    index('companies_search_text_trgm_idx').using('gin', t.searchText.op('gin_trgm_ops')),
    /** Account names are unique within a channel; tier-1s and the vendor share the top-level namespace. */
    uniqueIndex('companies_channel_account_name_key')
      .on(t.channelId, sql`lower(${t.accountName})`)
      .where(sql`${t.kind} in ('tier2', 'customer')`),
    uniqueIndex('companies_top_account_name_key')
      .on(sql`lower(${t.accountName})`)
      .where(sql`${t.kind} in ('vendor', 'tier1')`),
  ],
);

export type Company = typeof companies.$inferSelect;
export type NewCompany = typeof companies.$inferInsert;
export type CompanyKind = (typeof companyKind.enumValues)[number];
export type CompanyType = (typeof companyType.enumValues)[number];
export type CompanyStatus = (typeof companyStatus.enumValues)[number];
