import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgEnum, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { products } from './catalog.ts';
import { companies } from './companies.ts';
import { createdAt, id, tenancy, updatedAt } from './columns.ts';
import { users } from './users.ts';

/*
 * Administration → Price Lists: what the vendor charges its tier-1s. Money is integer minor units
 * of an ISO 4217 currency (cents for USD); margins are integer basis points (1250 = 12.50 %), so no
 * amount is ever a floating-point number. Prices and margins are versioned by the day they take
 * effect: a cycle is priced with the version in effect on its last day.
 */

/** The vendor's unit price of a product × unit type in one currency, from `effectiveFrom` on. */
export const unitPrices = pgTable(
  'unit_prices',
  {
    id: id(),
    productId: uuid()
      .notNull()
      .references(() => products.id),
    unitType: text().notNull(),
    /** ISO 4217 code, upper case. */
    currency: text().notNull(),
    /** Price of one unit for one cycle, in the currency's minor units. */
    unitPriceMinor: bigint({ mode: 'bigint' }).notNull(),
    /** The first day this price applies; it applies until the next version's day. */
    effectiveFrom: date().notNull(),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    unique('unit_prices_version_key').on(t.productId, t.unitType, t.currency, t.effectiveFrom),
    check('unit_prices_amount', sql`${t.unitPriceMinor} >= 0 and ${t.unitPriceMinor} <= 1000000000`),
    check('unit_prices_currency', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

/**
 * The channel margin of a tier-1 in basis points, from `effectiveFrom` on: its default (no
 * product) or for one product, which overrides the default. The tier-1 pays
 * unit price × (1 − margin). Stamped with the tier-1, which reads its own.
 */
export const channelMargins = pgTable(
  'channel_margins',
  {
    id: id(),
    /** The tier-1. */
    companyId: uuid()
      .notNull()
      .references(() => companies.id),
    ...tenancy(),
    /** Null: the tier-1's default margin. */
    productId: uuid().references(() => products.id),
    /** 0 to 10,000 (100 %). */
    marginBps: integer().notNull(),
    effectiveFrom: date().notNull(),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    unique('channel_margins_version_key').on(t.companyId, t.productId, t.effectiveFrom).nullsNotDistinct(),
    index('channel_margins_channel_id_idx').on(t.channelId),
    check('channel_margins_bps', sql`${t.marginBps} >= 0 and ${t.marginBps} <= 10000`),
  ],
);

/** A tier-1's billing settings, set by the vendor; a tier-1 without a row is billed in USD. */
export const billingAccounts = pgTable(
  'billing_accounts',
  {
    /** The tier-1. */
    companyId: uuid()
      .primaryKey()
      .references(() => companies.id),
    ...tenancy(),
    /** The currency its billing reports are in (ISO 4217). */
    currency: text().notNull(),
    updatedBy: uuid().references(() => users.id),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('billing_accounts_channel_id_idx').on(t.channelId),
    check('billing_accounts_currency', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

/** What a promo code lets the tier-1 change on a billing line. */
export const promoCodeAllows = pgEnum('promo_code_allows', ['unit_price', 'margin']);

/**
 * A promo code of the vendor. A tier-1 it names specifies it on a line of a billing report of a
 * product it names, between its validity days; the line's unit price (no lower than
 * list × (1 − bound)) or margin (no higher than the bound) then becomes editable. The vendor's
 * own: tier roles cannot read the table, the billing code looks a code up for the tier-1.
 */
export const promoCodes = pgTable(
  'promo_codes',
  {
    id: id(),
    /** What the tier-1 types; stored upper case, unique. */
    code: text().notNull(),
    description: text().notNull().default(''),
    allows: promoCodeAllows().notNull(),
    /**
     * In basis points. `unit_price`: the largest discount off the list price (2000: down to 80 % of
     * it). `margin`: the highest margin the line may have.
     */
    boundBps: integer().notNull(),
    /** The tier-1s it is valid for. */
    channelIds: uuid().array().notNull(),
    /** The products it covers. */
    productIds: uuid().array().notNull(),
    validFrom: date().notNull(),
    /** The last day it may be specified. */
    validUntil: date().notNull(),
    createdBy: uuid().references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('promo_codes_code_key').on(t.code),
    check('promo_codes_bound', sql`${t.boundBps} >= 0 and ${t.boundBps} <= 10000`),
    check('promo_codes_validity', sql`${t.validFrom} <= ${t.validUntil}`),
  ],
);

export type UnitPrice = typeof unitPrices.$inferSelect;
export type ChannelMargin = typeof channelMargins.$inferSelect;
export type BillingAccount = typeof billingAccounts.$inferSelect;
export type PromoCode = typeof promoCodes.$inferSelect;
export type PromoCodeAllows = (typeof promoCodeAllows.enumValues)[number];

