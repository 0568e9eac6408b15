import { sql } from 'drizzle-orm';
import {
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
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { dataCenters, products } from './catalog.ts';
import { companies } from './companies.ts';
import { createdAt, id, tenancy, updatedAt } from './columns.ts';
import { users } from './users.ts';
import { versionType } from './license-pool.ts';
import { servicePlans } from './service-plans.ts';

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
    /**
     * The units of live full licenses per customer, product and unit type: the sums the licenses
     * update trigger takes (license_units_daily) read from the index alone.
     */
    index('licenses_live_full_units_idx')
      .on(t.companyId, t.productId, t.unitType, t.units)
      .where(sql`${t.versionType} = 'full' and ${t.status} in ('active', 'grace')`),
    /** Ended licenses whose units have not gone back to their pool yet (the daily run's last step). */
    index('licenses_units_unreturned_idx')
      .on(t.id)
      .where(sql`${t.status} in ('expired', 'discontinued') and ${t.unitsReturnedAt} is null`),
    check('licenses_units_positive', sql`${t.units} > 0`),
  ],
);

export type License = typeof licenses.$inferSelect;
export type LicenseStatus = (typeof licenseStatus.enumValues)[number];

/**
 * How many licenses stood in each dashboard status on a UTC day, per tier-1 × tier-2 (the
 * stamps; `customer_id` is always null, so no customer reads it): the history behind the
 * dashboard's "license status over time" chart. `licenses.daily` writes the day's rows in one
 * statement over `licenses`; a dashboard then reads a few rows per partner instead of counting
 * a channel's licenses for every day it shows. The statuses are those of the license status
 * filter (normal / expiring soon / expired), normal split into trial and full; discontinued
 * licenses count nowhere.
 */
export const licenseStatusDaily = pgTable(
  'license_status_daily',
  {
    day: date().notNull(),
    ...tenancy(),
    /** Pending or active full licenses outside their expiration-notice window. */
    active: integer().notNull(),
    /** Pending or active trial licenses outside their expiration-notice window. */
    trial: integer().notNull(),
    /** Active licenses inside their expiration-notice window. */
    expiringSoon: integer().notNull(),
    /** Licenses in grace, expired, or stopped with their customer. */
    expired: integer().notNull(),
  },
  (t) => [
    unique('license_status_daily_key').on(t.day, t.channelId, t.partnerId).nullsNotDistinct(),
    index('license_status_daily_channel_day_idx').on(t.channelId, t.day),
    index('license_status_daily_partner_day_idx').on(t.partnerId, t.day),
    check(
      'license_status_daily_counts',
      sql`${t.active} >= 0 and ${t.trial} >= 0 and ${t.expiringSoon} >= 0 and ${t.expired} >= 0`,
    ),
  ],
);

export type LicenseStatusDaily = typeof licenseStatusDaily.$inferSelect;

/** The once-a-day steps of `licenses.daily` a run records as done, so a second run of the day skips them. */
export const licensesDailyStep = pgEnum('licenses_daily_step', ['units-snapshot', 'status-snapshot']);

/**
 * The whole-table steps of a day's `licenses.daily` run already done: the day's units and status
 * snapshots read every license, and a run that is retried for its day (after a failure, or by a
 * second worker) must not pay for them again. Each step's row commits in the transaction of the
 * step's own write, so a step is done exactly when its row is here.
 */
export const licensesDailySteps = pgTable(
  'licenses_daily_steps',
  {
    day: date().notNull(),
    step: licensesDailyStep().notNull(),
    doneAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.day, t.step] })],
);

export type LicensesDailyStep = (typeof licensesDailyStep.enumValues)[number];
