import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { dataCenters, products } from './catalog.ts';
import { companies } from './companies.ts';
import { createdAt, id, tenancy, updatedAt } from './columns.ts';
import { licenses } from './licenses.ts';
import { servicePlans } from './service-plans.ts';
import { users } from './users.ts';

export const keyBatchStatus = pgEnum('key_batch_status', ['queued', 'generating', 'ready', 'failed']);

/**
 * One "Generate registration keys" request on a service plan. The `registration-keys.generate`
 * job fills it in chunks; `generated` moves with each chunk in the chunk's own transaction, so a
 * restarted job resumes exactly where the last committed chunk ended.
 */
export const keyBatches = pgTable(
  'key_batches',
  {
    id: id(),
    /** The issuing company (the plan's user: its owner, or a reseller it is lent to); its stamps. */
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    ...tenancy(),
    planId: uuid()
      .notNull()
      .references(() => servicePlans.id),
    productId: uuid()
      .notNull()
      .references(() => products.id),
    count: integer().notNull(),
    generated: integer().notNull().default(0),
    /** Keys not registered by the end of this day expire. */
    validUntil: date().notNull(),
    note: text(),
    status: keyBatchStatus().notNull().default('queued'),
    error: text(),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('key_batches_channel_created_idx').on(t.channelId, t.createdAt),
    index('key_batches_partner_created_idx').on(t.partnerId, t.createdAt),
    index('key_batches_plan_id_idx').on(t.planId),
    check('key_batches_count', sql`${t.count} between 1 and 1000000`),
    check('key_batches_generated', sql`${t.generated} between 0 and ${t.count}`),
  ],
);

export const registrationKeyStatus = pgEnum('registration_key_status', ['available', 'registered', 'voided', 'expired']);

/**
 * A registration key: `code` is its canonical form (prefix and 16 characters, upper case, no
 * hyphens), unique across the deployment. `seq` is its place in the batch (0 … count − 1): a
 * chunk re-run after a crash cannot add a key twice. Stamps are the issuing company's.
 */
export const registrationKeys = pgTable(
  'registration_keys',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    code: text().notNull(),
    batchId: uuid()
      .notNull()
      .references(() => keyBatches.id),
    seq: integer().notNull(),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    ...tenancy(),
    planId: uuid()
      .notNull()
      .references(() => servicePlans.id),
    productId: uuid()
      .notNull()
      .references(() => products.id),
    status: registrationKeyStatus().notNull().default('available'),
    /** The customer that registered it, the user who did, and what it created. */
    registeredCompanyId: uuid().references(() => companies.id),
    registeredBy: uuid().references(() => users.id),
    registeredAt: timestamp({ withTimezone: true }),
    licenseId: uuid().references(() => licenses.id),
    dataCenterId: uuid().references(() => dataCenters.id),
    /** Canonical form, for products that need one; unique across the deployment. */
    activationCode: text(),
    voidedAt: timestamp({ withTimezone: true }),
    voidedBy: uuid().references(() => users.id),
    voidReason: text(),
    expiredAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('registration_keys_code_key').on(t.code),
    uniqueIndex('registration_keys_batch_seq_key').on(t.batchId, t.seq),
    uniqueIndex('registration_keys_activation_code_key').on(t.activationCode),
    index('registration_keys_channel_id_idx').on(t.channelId, t.status),
    index('registration_keys_partner_id_idx').on(t.partnerId, t.status),
    index('registration_keys_registered_company_id_idx').on(t.registeredCompanyId),
    /** Substring search over keys. */
    index('registration_keys_code_trgm_idx').using('gin', t.code.op('gin_trgm_ops')),
  ],
);

export type KeyBatch = typeof keyBatches.$inferSelect;
export type RegistrationKey = typeof registrationKeys.$inferSelect;
export type KeyBatchStatus = (typeof keyBatchStatus.enumValues)[number];
export type RegistrationKeyStatus = (typeof registrationKeyStatus.enumValues)[number];
