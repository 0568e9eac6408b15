import { boolean, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.ts';

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

/** Where SaaS products run; a reference table shared by every channel. */
export const dataCenters = pgTable(
  'data_centers',
  {
    id: id(),
    code: text().notNull(),
    name: text().notNull(),
    /** Region of regional services, e.g. `eu`, `us`, `apac`. */
    region: text().notNull(),
    endpoint: text().notNull(),
    enabled: boolean().notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('data_centers_code_key').on(t.code)],
);

export type Product = typeof products.$inferSelect;
export type DataCenter = typeof dataCenters.$inferSelect;
