import { sql } from 'drizzle-orm';
import { bigint, check, date, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea } from './auth.ts';
import { products } from './catalog.ts';
import { companies } from './companies.ts';
import { createdAt, id, tenancy, updatedAt } from './columns.ts';
import { users } from './users.ts';

/**
 * An API key of a company (Administration → Company Information → API keys). It acts for the
 * company's subtree and nothing else. The key is `kw_<prefix>_<secret>`: the prefix finds the row,
 * and only the SHA-256 of the 256-bit random secret is stored, compared in constant time. A fast
 * hash is right here: the secret is random, not a password a person chose, so it cannot be guessed.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    /** The company the key acts for; its stamps, so each tier lists its own keys with one equality. */
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    ...tenancy(),
    name: text().notNull(),
    /** The public part, `kw_` and 10 characters: shown in lists, unique across the deployment. */
    prefix: text().notNull(),
    secretHash: bytea().notNull(),
    /** What the key may do, e.g. `usage:write`. */
    scopes: text().array().notNull(),
    /** Null: the key never expires. */
    expiresAt: timestamp({ withTimezone: true }),
    /** Written once per request that the key authenticated. */
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    revokedBy: uuid().references(() => users.id),
    /** Null for keys the system made (the demo seed). */
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('api_keys_prefix_key').on(t.prefix),
    index('api_keys_company_created_idx').on(t.companyId, t.createdAt),
    index('api_keys_channel_id_idx').on(t.channelId),
    index('api_keys_partner_id_idx').on(t.partnerId),
  ],
);

/**
 * Reported usage, kept as the highest `used` per customer × product × unit type × UTC day rather
 * than as raw samples: a usage report reads at most 31 rows per line, however often back ends
 * report. Taking the maximum makes ingest idempotent: a batch sent twice changes nothing.
 */
export const usageDaily = pgTable(
  'usage_daily',
  {
    /** The customer company the usage is of (its own stamp). */
    customerId: uuid()
      .notNull()
      .references(() => companies.id),
    /** The customer's tier-1 and tier-2 (null when it hangs directly under its tier-1). */
    channelId: uuid(),
    partnerId: uuid(),
    productId: uuid()
      .notNull()
      .references(() => products.id),
    unitType: text().notNull(),
    /** The UTC calendar day the samples were taken on. */
    day: date().notNull(),
    /** The highest `used` reported for the day. */
    maxUsed: bigint({ mode: 'number' }).notNull(),
    /** The latest sample time reported for the day. */
    lastAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.productId, t.unitType, t.day] }),
    index('usage_daily_channel_day_idx').on(t.channelId, t.day),
    index('usage_daily_partner_day_idx').on(t.partnerId, t.day),
    // A usage report cycle reads one month of every channel (see license_units_daily).
    index('usage_daily_day_brin').using('brin', t.day),
    check('usage_daily_max_used', sql`${t.maxUsed} >= 0`),
  ],
);

/**
 * The highest usage reported for a customer × product × unit type in a calendar month (UTC;
 * `month` is its first day): the maximum of that month's `usage_daily` rows, which is a usage
 * report's used figure. The ingest writes it in the same statement as the daily rows, taking the
 * greatest value, so it never drifts from them. Its stamps are those of the month's latest write.
 */
export const usageMonthly = pgTable(
  'usage_monthly',
  {
    customerId: uuid()
      .notNull()
      .references(() => companies.id),
    channelId: uuid(),
    partnerId: uuid(),
    productId: uuid()
      .notNull()
      .references(() => products.id),
    unitType: text().notNull(),
    month: date().notNull(),
    maxUsed: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [
    // The month first: a cycle's figures read one month of the whole table.
    primaryKey({ columns: [t.month, t.customerId, t.productId, t.unitType] }),
    index('usage_monthly_channel_month_idx').on(t.channelId, t.month),
    index('usage_monthly_partner_month_idx').on(t.partnerId, t.month),
    check('usage_monthly_max_used', sql`${t.maxUsed} >= 0`),
    check('usage_monthly_first_day', sql`extract(day from ${t.month}) = 1`),
  ],
);

export type ApiKey = typeof apiKeys.$inferSelect;
export type UsageDaily = typeof usageDaily.$inferSelect;
export type UsageMonthly = typeof usageMonthly.$inferSelect;
