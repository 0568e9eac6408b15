import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tenancy, updatedAt } from './columns.ts';

/** The vendor's product catalog; a reference table shared by every channel. */
export const products = pgTable(
  'products',
  {
    id: id(),
    /** Two upper-case letters; the prefix of the product's registration keys and activation codes. */
    code: text().notNull(),
    name: text().notNull(),
    description: text(),
    /** Units the product can be sold in, e.g. `user`, `device`, `mailbox`. */
    unitTypes: text().array().notNull(),
    /** Delivered as a service: plans choose a data center and regional service. */
    saas: boolean().notNull().default(true),
    /** Registering a key for it issues an activation code. */
    needsActivationCode: boolean().notNull().default(false),
    /** Its back end reports usage; otherwise provisioned units count as used. */
    reportsUsage: boolean().notNull().default(true),
    enabled: boolean().notNull().default(true),
    /**
     * Raised when the vendor changes what the product is made of; plans approved for an older
     * version are locked until their owner approves the change.
     */
    compositionVersion: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('products_code_key').on(t.code)],
);

/**
 * Where SaaS products run (Branding Settings → Data Centers). The vendor's (company null) are
 * offered to everyone; a tier-1's or MSP's own are offered in its subtree. Codes are unique per owner.
 */
export const dataCenters = pgTable(
  'data_centers',
  {
    id: id(),
    /** The owner; null for the vendor's, which every channel sees. */
    companyId: uuid(),
    ...tenancy(),
    code: text().notNull(),
    name: text().notNull(),
    /** Region of regional services, e.g. `eu`, `us`, `apac`. */
    region: text().notNull(),
    endpoint: text().notNull(),
    enabled: boolean().notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('data_centers_owner_code_key').on(sql`coalesce(${t.companyId}, '00000000-0000-0000-0000-000000000000'::uuid)`, sql`lower(${t.code})`),
    index('data_centers_channel_id_idx').on(t.channelId),
  ],
);

/**
 * A product back end's regional service (Branding Settings → Regional Services): where a region's
 * customers are served. Owned like data centers.
 */
export const regionalServices = pgTable(
  'regional_services',
  {
    id: id(),
    companyId: uuid(),
    ...tenancy(),
    code: text().notNull(),
    name: text().notNull(),
    region: text().notNull(),
    endpoint: text().notNull(),
    enabled: boolean().notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('regional_services_owner_code_key').on(sql`coalesce(${t.companyId}, '00000000-0000-0000-0000-000000000000'::uuid)`, sql`lower(${t.code})`),
    index('regional_services_channel_id_idx').on(t.channelId),
  ],
);

export type Product = typeof products.$inferSelect;
export type DataCenter = typeof dataCenters.$inferSelect;
export type RegionalService = typeof regionalServices.$inferSelect;
