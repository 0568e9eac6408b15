import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { products } from './catalog.ts';
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
  /** The vendor took unassigned units back out of a tier-1's stock (negative). */
  'vendor-withdrawal',
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

export type LicensePool = typeof licensePools.$inferSelect;
export type LicensePoolMovement = typeof licensePoolMovements.$inferSelect;
export type LicenseRequest = typeof licenseRequests.$inferSelect;
export type VersionType = (typeof versionType.enumValues)[number];
