import { customType, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.ts';

export const bytea = customType<{ data: Uint8Array; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => Buffer.from(value),
  fromDriver: (value) => new Uint8Array(value),
});

/**
 * A session token is `<id>.<secret>`. Only the SHA-256 of the secret is stored, so a leaked
 * table cannot be replayed; the id finds the row, the hash is compared in constant time.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text().primaryKey(),
    secretHash: bytea().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Moves forward as the session is used (at most about once an hour); drives the inactivity timeout. */
    lastActiveAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [index('sessions_user_id_idx').on(t.userId)],
);

/**
 * Fixed-window counters for rate limits, kept in Postgres so that every console process shares
 * them. `key` names the limit and its subject, e.g. `sign-in:email:ann@example.com`.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text().primaryKey(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    count: integer().notNull(),
  },
  (t) => [index('rate_limits_window_start_idx').on(t.windowStart)],
);

export type Session = typeof sessions.$inferSelect;

/**
 * Browsers a user has signed in from successfully ("device cookies"). Sign-in attempts that
 * present a device's token for the account they name are limited per device rather than by the
 * per-address lockout, so wrong guesses by anyone else cannot lock the owner out. The token is
 * `<id>.<secret>` as for sessions; only the SHA-256 of the secret is stored.
 */
export const signInDevices = pgTable(
  'sign_in_devices',
  {
    id: text().primaryKey(),
    secretHash: bytea().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The last successful sign-in from this device; the device is forgotten some time after it. */
    lastSignInAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sign_in_devices_user_id_idx').on(t.userId)],
);

/**
 * Single-use password-reset links. Only the SHA-256 of the token is stored; using it sets
 * `used_at`, so a link works once.
 */
export const passwordResetTokens = pgTable(
  'password_reset_tokens',
  {
    tokenHash: bytea().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('password_reset_tokens_user_id_idx').on(t.userId)],
);
