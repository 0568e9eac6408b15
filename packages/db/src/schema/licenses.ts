import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
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
    /** Ended licenses whose units have not gone back to their pool yet (the daily run's last step). */
    index('licenses_units_unreturned_idx')
      .on(t.id)
      .where(sql`${t.status} in ('expired', 'discontinued') and ${t.unitsReturnedAt} is null`),
    check('licenses_units_positive', sql`${t.units} > 0`),
  ],
);

export type License = typeof licenses.$inferSelect;
export type LicenseStatus = (typeof licenseStatus.enumValues)[number];
