import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { dataCenters, products } from './catalog.ts';
import { companies } from './companies.ts';
import { createdAt, id, tenancy, updatedAt } from './columns.ts';
import { users } from './users.ts';

/** Trial units try a product for a month; full units are sold. Plans, pools and licenses share it. */
export const versionType = pgEnum('version_type', ['trial', 'full']);

/**
 * One company's stock of one product (DESIGN §2, License Pool). `total` is what came in (from the
 * vendor for a tier-1, from the parent for a tier-2); `assigned` what went out (to partners or as
 * customers' licenses); remaining = total − assigned. The checks make an overdraw impossible
 * whatever the code does: a draw is one conditional UPDATE of this row.
 */
export const licensePools = pgTable(
  'license_pools',
  {
    id: id(),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    ...tenancy(),
    productId: uuid()
      .notNull()
      .references(() => products.id),
    trialTotal: integer().notNull().default(0),
    trialAssigned: integer().notNull().default(0),
    fullTotal: integer().notNull().default(0),
    fullAssigned: integer().notNull().default(0),
    /** Remaining full units below this show the pool's status as low (tier-2 "minimum licenses"). */
    minimum: integer().notNull().default(0),
    /** Tier-1: when remaining full units fall below it, the vendor issues 1.5 × it; 0 = off. */
    autoRefillThreshold: integer().notNull().default(0),
    /** Tier-2: the most full units a refill tops the pool up to (set by the parent); null = no refill. */
    fullCapacity: integer(),
    trialCapacity: integer(),
    /** The parent stopped the partner assigning this product ("disable licenses"). */
    disabledAt: timestamp({ withTimezone: true }),
    disabledBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('license_pools_company_product_key').on(t.companyId, t.productId),
    index('license_pools_channel_id_idx').on(t.channelId),
    index('license_pools_partner_id_idx').on(t.partnerId),
    check('license_pools_trial_not_overdrawn', sql`${t.trialAssigned} between 0 and ${t.trialTotal}`),
    check('license_pools_full_not_overdrawn', sql`${t.fullAssigned} between 0 and ${t.fullTotal}`),
    check('license_pools_minimum_not_negative', sql`${t.minimum} >= 0`),
    check('license_pools_threshold_not_negative', sql`${t.autoRefillThreshold} >= 0`),
  ],
);

export const poolMovementKind = pgEnum('pool_movement_kind', [
  /** Tier-1 "add more licenses": units from the vendor. */
  'vendor-issue',
  /** The auto-refill job: 1.5 × threshold from the vendor. */
  'auto-refill',
  /** A tier-1 assigned units to a partner (out of the tier-1, into the partner). */
  'partner-assignment',
  /** A tier-2 topped its pool up to capacity from its parent. */
  'refill',
  /** A parent approved a tier-2's request. */
  'request-approved',
  /** Units went to a customer's license, or came back when it ended (negative). */
  'license',
]);

/**
 * The ledger of a pool: every unit that came in or went out, with who moved it. Written in the
 * transaction of the change, next to the pool row's new totals.
 */
export const licensePoolMovements = pgTable(
  'license_pool_movements',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    poolId: uuid()
      .notNull()
      .references(() => licensePools.id),
    /** The pool's company; its stamps decide who reads the row. */
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    ...tenancy(),
    productId: uuid()
      .notNull()
      .references(() => products.id),
    kind: poolMovementKind().notNull(),
    /** Units into the pool's total (positive) or out of it as assigned (negative). */
    trialUnits: integer().notNull().default(0),
    fullUnits: integer().notNull().default(0),
    /** The other side: the partner assigned to, the parent drawn from, the customer licensed. */
    counterpartCompanyId: uuid().references(() => companies.id),
    licenseId: uuid(),
    requestId: uuid(),
    /** Null for the system (jobs). */
    actorUserId: uuid().references(() => users.id),
    note: text(),
  },
  (t) => [
    index('license_pool_movements_pool_id_at_idx').on(t.poolId, t.at),
    index('license_pool_movements_channel_id_at_idx').on(t.channelId, t.at),
  ],
);

export const licenseRequestStatus = pgEnum('license_request_status', ['pending', 'approved', 'rejected']);

/** A tier-2 asks its parent for units; the parent approves (units move) or rejects (with a reason). */
export const licenseRequests = pgTable(
  'license_requests',
  {
    id: id(),
    /** The requesting tier-2; stamps are its own. */
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    ...tenancy(),
    /** Who decides: the requester's parent. */
    parentCompanyId: uuid()
      .notNull()
      .references(() => companies.id),
    productId: uuid()
      .notNull()
      .references(() => products.id),
    versionType: versionType().notNull(),
    units: integer().notNull(),
    note: text(),
    status: licenseRequestStatus().notNull().default('pending'),
    requestedBy: uuid().references(() => users.id),
    decidedBy: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    rejectionReason: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('license_requests_parent_status_idx').on(t.parentCompanyId, t.status, t.createdAt),
    index('license_requests_company_id_idx').on(t.companyId, t.createdAt),
    check('license_requests_units_positive', sql`${t.units} > 0`),
  ],
);

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

export const licenseStatus = pgEnum('license_status', [
  'pending',
  'active',
  'grace',
  'expired',
  'suspended',
  'discontinued',
]);

/**
 * A customer's license: a plan assigned to a customer, with units drawn from the pool of the
 * company that assigned it (`managing_company_id`). Dates are calendar days.
 */
export const licenses = pgTable(
  'licenses',
  {
    id: id(),
    /** The licensed customer; `customer_id` in the stamps is the same company. */
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    ...tenancy(),
    /** Whose pool the units came from and who manages the license: the tier-1 or tier-2 above. */
    managingCompanyId: uuid()
      .notNull()
      .references(() => companies.id),
    planId: uuid()
      .notNull()
      .references(() => servicePlans.id),
    productId: uuid()
      .notNull()
      .references(() => products.id),
    versionType: versionType().notNull(),
    unitType: text().notNull(),
    units: integer().notNull(),
    status: licenseStatus().notNull(),
    startsOn: date().notNull(),
    expiresOn: date().notNull(),
    /** Set while in grace: the day it expires for good. */
    graceEndsOn: date(),
    /** The expiry date before the customer was disabled, restored when it is enabled again. */
    expiresOnBeforeDisable: date(),
    /** The status before the customer was disabled. */
    statusBeforeDisable: licenseStatus(),
    autoRenew: boolean().notNull().default(false),
    renewalPeriodMonths: integer().notNull().default(12),
    expirationNoticeDays: integer().notNull().default(30),
    /** The day billing counts from; moves on renewal and conversion. */
    chargeStartsOn: date().notNull(),
    dataCenterId: uuid().references(() => dataCenters.id),
    /** Units went back to the pool when the license ended; never twice. */
    unitsReturnedAt: timestamp({ withTimezone: true }),
    discontinuedAt: timestamp({ withTimezone: true }),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('licenses_company_id_idx').on(t.companyId),
    index('licenses_channel_status_idx').on(t.channelId, t.status),
    index('licenses_partner_status_idx').on(t.partnerId, t.status),
    index('licenses_managing_company_id_idx').on(t.managingCompanyId, t.status),
    index('licenses_plan_id_idx').on(t.planId),
    /** The daily job walks live licenses by expiry date. */
    index('licenses_live_expires_on_idx')
      .on(t.expiresOn)
      .where(sql`${t.status} in ('active', 'grace')`),
    /** Ended licenses whose units have not gone back to their pool yet (the daily run's last step). */
    index('licenses_units_unreturned_idx')
      .on(t.id)
      .where(sql`${t.status} in ('expired', 'discontinued') and ${t.unitsReturnedAt} is null`),
    check('licenses_units_positive', sql`${t.units} > 0`),
  ],
);

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

export type LicensePool = typeof licensePools.$inferSelect;
export type LicensePoolMovement = typeof licensePoolMovements.$inferSelect;
export type LicenseRequest = typeof licenseRequests.$inferSelect;
export type ServicePlan = typeof servicePlans.$inferSelect;
export type License = typeof licenses.$inferSelect;
export type CustomerTransaction = typeof customerTransactions.$inferSelect;
export type VersionType = (typeof versionType.enumValues)[number];
export type LicenseStatus = (typeof licenseStatus.enumValues)[number];
export type TransactionType = (typeof transactionType.enumValues)[number];
