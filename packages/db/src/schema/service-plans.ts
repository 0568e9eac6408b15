import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { dataCenters, products } from './catalog.ts';
import { companies } from './companies.ts';
import { createdAt, id, tenancy, updatedAt } from './columns.ts';
import { users } from './users.ts';
import { versionType } from './license-pool.ts';

export const activationPolicy = pgEnum('activation_policy', ['on-assignment', 'first-sign-in']);

/**
 * What a company sells a product as (DESIGN §2, Service Plans). Owned by a tier-1 or an MSP; a
 * tier-1 also lends its plans to resellers (service_plan_resellers).
 */
export const servicePlans = pgTable(
  'service_plans',
  {
    id: id(),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    ...tenancy(),
    name: text().notNull(),
    enabled: boolean().notNull().default(true),
    productId: uuid()
      .notNull()
      .references(() => products.id),
    /** Fixed at creation. */
    versionType: versionType().notNull(),
    /** Not for resale: one per product per data center region. */
    nfr: boolean().notNull().default(false),
    unitType: text().notNull(),
    unitsPerLicense: integer().notNull().default(1),
    /** 1–66 months; a trial plan's is 1. */
    initialPeriodMonths: integer().notNull(),
    autoRenew: boolean().notNull().default(false),
    renewalPeriodMonths: integer().notNull().default(12),
    expirationNoticeDays: integer().notNull().default(30),
    activationPolicy: activationPolicy().notNull().default('on-assignment'),
    /** SaaS products: where the licenses run, and the region of its regional service. */
    dataCenterId: uuid().references(() => dataCenters.id),
    region: text(),
    trialSignupUrl: text(),
    /**
     * The product composition the owner last approved: a plan whose product's
     * `composition_version` is newer is locked until its owner reviews and approves it.
     */
    approvedCompositionVersion: integer().notNull().default(1),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('service_plans_company_name_key').on(t.companyId, sql`lower(${t.name})`),
    uniqueIndex('service_plans_nfr_key')
      .on(t.companyId, t.productId, sql`coalesce(${t.region}, '')`)
      .where(sql`${t.nfr}`),
    index('service_plans_channel_id_idx').on(t.channelId),
    index('service_plans_partner_id_idx').on(t.partnerId),
    index('service_plans_product_id_idx').on(t.productId),
    check('service_plans_period', sql`${t.initialPeriodMonths} between 1 and 66`),
    check('service_plans_trial_period', sql`${t.versionType} = 'full' or ${t.initialPeriodMonths} = 1`),
    check('service_plans_units_per_license', sql`${t.unitsPerLicense} > 0`),
  ],
);

/** Tier-1 plans a reseller may sell. Stamps are the reseller's. */
export const servicePlanResellers = pgTable(
  'service_plan_resellers',
  {
    planId: uuid()
      .notNull()
      .references(() => servicePlans.id),
    resellerId: uuid()
      .notNull()
      .references(() => companies.id),
    ...tenancy(),
    assignedBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.planId, t.resellerId] }),
    index('service_plan_resellers_reseller_id_idx').on(t.resellerId),
  ],
);

export type ServicePlan = typeof servicePlans.$inferSelect;
