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
    /**
     * What a key names of its batch (migration 0024's triggers). Being a unique index, it makes
     * an update of these columns lock the row as a key change, so it waits for keys being written.
     */
    uniqueIndex('key_batches_id_company_plan_product_key').on(t.id, t.companyId, t.planId, t.productId),
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
    /** The batch; the issuer, plan and product below are the batch's (checked once a statement, see below). */
    batchId: uuid().notNull(),
    seq: integer().notNull(),
    companyId: uuid().notNull(),
    ...tenancy(),
    planId: uuid().notNull(),
    productId: uuid().notNull(),
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
    // The key's batch, and its issuer, plan and product are the batch's (which references its
    // company, plan and product): kept by triggers (migration 0024), not a foreign key. A foreign
    // key checks each new row on its own, a third of a batch's write; the trigger checks a whole
    // statement's keys in one join, locks their batches as the foreign key would, refuses a key
    // that changes batch, and refuses deleting a batch that has keys.
    /**
     * Registration's exact look-up, the batch's `on conflict (code)` and the console's search by the
     * beginning of a key (`like 'PREFIX%'`): byte order, so no collation on the hot path.
     */
    uniqueIndex('registration_keys_code_key').on(t.code.op('text_pattern_ops')),
    uniqueIndex('registration_keys_batch_seq_key').on(t.batchId, t.seq),
    /** Only keys that have one: a new key adds no entry. */
    uniqueIndex('registration_keys_activation_code_key')
      .on(t.activationCode)
      .where(sql`${t.activationCode} is not null`),
    index('registration_keys_channel_id_idx').on(t.channelId, t.status),
    index('registration_keys_partner_id_idx').on(t.partnerId, t.status),
    /** "Keys registered by this customer"; a new key adds no entry. */
    index('registration_keys_registered_company_id_idx')
      .on(t.registeredCompanyId)
      .where(sql`${t.registeredCompanyId} is not null`),
    /** The portal's licenses with the key each came from; a new key adds no entry. */
    index('registration_keys_license_id_idx')
      .on(t.licenseId)
      .where(sql`${t.licenseId} is not null`),
  ],
);

export type KeyBatch = typeof keyBatches.$inferSelect;
export type RegistrationKey = typeof registrationKeys.$inferSelect;
export type KeyBatchStatus = (typeof keyBatchStatus.enumValues)[number];
export type RegistrationKeyStatus = (typeof registrationKeyStatus.enumValues)[number];
