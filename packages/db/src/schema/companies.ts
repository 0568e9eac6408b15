import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  integer,
  index,
  pgEnum,
  pgTable,
  pgView,
  text,
  timestamp,
  unique,
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
    /**
     * Carries `channel_id`, the column a tier-1's row-level policy compares, so a per-partner
     * customer count (the partners list) stays an index-only scan under the policy.
     */
    index('companies_partner_id_idx').on(t.partnerId, t.kind, t.channelId),
    index('companies_customer_id_idx').on(t.customerId),
    index('companies_search_text_trgm_idx').using('gin', t.searchText.op('gin_trgm_ops')),
    /**
     * The dashboard search pages each scope by case-insensitive name (core/search): the planner
     * walks one of these in order and stops after a page, and a name prefix is a range of it. The
     * "C" collation makes both work on any server. One per scope column; the vendor sees partners.
     */
    index('companies_channel_name_idx').on(t.channelId, sql`lower(${t.name}) collate "C"`, t.id),
    index('companies_partner_name_idx').on(t.partnerId, sql`lower(${t.name}) collate "C"`, t.id),
    index('companies_partners_name_idx')
      .on(sql`lower(${t.name}) collate "C"`, t.id)
      .where(sql`${t.kind} in ('tier1', 'tier2')`),
    /**
     * Disabled customers, a few in a hundred: the customers list filtered to them (a dashboard
     * link) walks these in name order and counts them without visiting the channel's enabled ones.
     */
    index('companies_channel_disabled_name_idx')
      .on(t.channelId, sql`lower(${t.name}) collate "C"`, t.id)
      .where(sql`${t.kind} = 'customer' and ${t.status} = 'disabled'`),
    index('companies_partner_disabled_name_idx')
      .on(t.partnerId, sql`lower(${t.name}) collate "C"`, t.id)
      .where(sql`${t.kind} = 'customer' and ${t.status} = 'disabled'`),
    /**
     * A channel's customers with their search text: a substring search's capped count is an
     * index-only walk that stops at the cap when the word is common (the trigram index serves
     * rare words), instead of a bitmap over every match and a visit to each row.
     */
    index('companies_channel_customer_text_idx')
      .on(t.channelId, t.searchText)
      .where(sql`${t.kind} = 'customer'`),
    /** The customers list sorted by creation date, newest or oldest first, a page at a time per scope. */
    index('companies_channel_created_idx').on(t.channelId, t.createdAt, t.id),
    index('companies_partner_created_idx').on(t.partnerId, t.createdAt, t.id),
    /**
     * Exact account names outside one channel; its statistics also tell the planner that an
     * account name matches about one row, without which it walks a whole channel for a search.
     */
    index('companies_account_name_idx').on(sql`lower(${t.accountName})`),
    /** Account names are unique within a channel; tier-1s and the vendor share the top-level namespace. */
    uniqueIndex('companies_channel_account_name_key')
      .on(t.channelId, sql`lower(${t.accountName})`)
      .where(sql`${t.kind} in ('tier2', 'customer')`),
    uniqueIndex('companies_top_account_name_key')
      .on(sql`lower(${t.accountName})`)
      .where(sql`${t.kind} in ('vendor', 'tier1')`),
  ],
);

/**
 * How many companies stand in each kind and status per scope (migration 0022): the dashboard's
 * widgets read these few rows instead of counting a channel's million customers. One row per
 * tier-1 and tier-2 scope (a company's own `channel_id` and `partner_id`), kind and status; the
 * customer stamp is always null. Triggers on `companies` keep it in the transaction of every
 * insert, status change, move and delete, so it always equals a count of the table.
 */
export const companyCounts = pgTable(
  'company_counts',
  {
    ...tenancy(),
    kind: companyKind().notNull(),
    status: companyStatus().notNull(),
    companies: integer().notNull(),
  },
  (t) => [
    unique('company_counts_key').on(t.channelId, t.partnerId, t.kind, t.status).nullsNotDistinct(),
    index('company_counts_partner_idx').on(t.partnerId),
  ],
);

export type Company = typeof companies.$inferSelect;
export type NewCompany = typeof companies.$inferInsert;
export type CompanyKind = (typeof companyKind.enumValues)[number];
export type CompanyType = (typeof companyType.enumValues)[number];
export type CompanyStatus = (typeof companyStatus.enumValues)[number];

/**
 * The companies an actor can name (migration 0011): its own subtree through the row-level
 * policies, and its ancestors (the vendor, its tier-1, its tier-2) through `ancestor_companies()`,
 * with these few columns only. Read ancestors' names, kinds and statuses here, never by widening
 * the policies on `companies`.
 */
export const companyCards = pgView('company_cards', {
  // Named columns: drizzle's snake_case casing does not reach a view's columns.
  id: uuid('id').notNull(),
  parentId: uuid('parent_id'),
  kind: companyKind('kind').notNull(),
  name: text('name').notNull(),
  accountName: text('account_name').notNull(),
  status: companyStatus('status').notNull(),
  channelId: uuid('channel_id'),
  partnerId: uuid('partner_id'),
  customerId: uuid('customer_id'),
}).existing();
