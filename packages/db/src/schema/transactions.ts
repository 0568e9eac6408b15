import { sql } from 'drizzle-orm';
import {
  bigint,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { products } from './catalog.ts';
import { companies } from './companies.ts';
import { tenancy } from './columns.ts';
import { users } from './users.ts';
import { versionType } from './license-pool.ts';
import { licenses } from './licenses.ts';
import { servicePlans } from './service-plans.ts';

export const transactionType = pgEnum('transaction_type', [
  'new-purchase',
  'license-change',
  'conversion',
  'discontinue',
  'suite-composition-change',
]);

/**
 * Administration → Customer Transactions: one row per license event, written in its transaction,
 * kept two years. Stamps are the customer's.
 */
export const customerTransactions = pgTable(
  'customer_transactions',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    type: transactionType().notNull(),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    ...tenancy(),
    licenseId: uuid()
      .notNull()
      .references(() => licenses.id),
    productId: uuid()
      .notNull()
      .references(() => products.id),
    planId: uuid()
      .notNull()
      .references(() => servicePlans.id),
    versionType: versionType().notNull(),
    unitType: text().notNull(),
    previousUnits: integer().notNull().default(0),
    newUnits: integer().notNull(),
    change: integer()
      .notNull()
      .generatedAlwaysAs(sql`new_units - previous_units`),
    previousChargeStartsOn: date(),
    newChargeStartsOn: date(),
    /** Null when the system acted (renewals, composition changes). */
    actorUserId: uuid().references(() => users.id),
    actorCompanyId: uuid().references(() => companies.id),
    note: text(),
  },
  (t) => [
    index('customer_transactions_channel_id_at_idx').on(t.channelId, t.at),
    index('customer_transactions_partner_id_at_idx').on(t.partnerId, t.at),
    index('customer_transactions_customer_id_at_idx').on(t.customerId, t.at),
    index('customer_transactions_license_id_idx').on(t.licenseId),
  ],
);

export type CustomerTransaction = typeof customerTransactions.$inferSelect;
export type TransactionType = (typeof transactionType.enumValues)[number];
