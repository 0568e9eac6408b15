import { sql } from 'drizzle-orm';
import { index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { companies } from './companies.ts';
import { createdAt, id, tenancy, updatedAt } from './columns.ts';

/** Built-in roles (DESIGN §1); not editable. */
export const userRole = pgEnum('user_role', [
  'admin',
  'customer_account_manager',
  'partner_account_manager',
  'license_manager',
  'support_manager',
  'support_engineer',
  'billing_manager',
]);

export const userStatus = pgEnum('user_status', ['active', 'disabled']);

export const users = pgTable(
  'users',
  {
    id: id(),
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    ...tenancy(),
    /** Stored as typed; unique case-insensitively. */
    email: text().notNull(),
    name: text().notNull(),
    phone: text(),
    role: userRole().notNull(),
    status: userStatus().notNull().default('active'),
    /** argon2id PHC string; null until the user sets a password through an emailed link. */
    passwordHash: text(),
    language: text().notNull().default('en'),
    /** IANA zone used for the user's reports and notifications. */
    timeZone: text().notNull().default('UTC'),
    lastSignInAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    index('users_company_id_idx').on(t.companyId),
    index('users_channel_id_idx').on(t.channelId),
    index('users_partner_id_idx').on(t.partnerId),
    index('users_customer_id_idx').on(t.customerId),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type UserRole = (typeof userRole.enumValues)[number];
export type UserStatus = (typeof userStatus.enumValues)[number];
