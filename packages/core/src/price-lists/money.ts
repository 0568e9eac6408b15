import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { z } from 'zod';
import { DomainError } from '../errors.ts';
import { m } from '../i18n.ts';
import { said } from '../validation.ts';

/*
 * Money is integer minor units of an ISO 4217 currency, as a BigInt; a margin is integer basis
 * points (1250 = 12.50 %). Nothing here ever holds money in a floating-point number: amounts
 * cross the api as decimal strings written from the integers ("1234.50").
 */

/** The currencies prices may be in, with their minor-unit exponent (ISO 4217). */
export const CURRENCIES = {
  USD: { exponent: 2, name: 'US dollar' },
  EUR: { exponent: 2, name: 'Euro' },
  CHF: { exponent: 2, name: 'Swiss franc' },
  GBP: { exponent: 2, name: 'Pound sterling' },
  JPY: { exponent: 0, name: 'Japanese yen' },
  KWD: { exponent: 3, name: 'Kuwaiti dinar' },
} as const;
export type Currency = keyof typeof CURRENCIES;
export const CURRENCY_CODES = Object.keys(CURRENCIES) as Currency[];

/** The currency a tier-1 without billing settings is billed in. */
export const DEFAULT_CURRENCY: Currency = 'USD';

export const ZCurrency = z.enum(CURRENCY_CODES as [Currency, ...Currency[]], said(() => m.prices_currency_choose({ currencies: CURRENCY_CODES.join(', ') })));

export const exponentOf = (currency: string): number => {
  const known = CURRENCIES[currency as Currency];
  if (!known) throw new DomainError('BAD_REQUEST', m.prices_currency_unknown({ currency }));
  return known.exponent;
};

/** 10,000 basis points: 100 %. */
export const BPS = 10_000n;

/**
 * The rule of a billing line: chargeable × unit price × (1 − margin), rounded half-up to the
 * currency's minor unit, once, on the exact product. With the margin in basis points that is
 * (chargeable × price × (10,000 − bps) + 5,000) ÷ 10,000 in integer division; every factor is
 * non-negative, so half-up is "add half the divisor, then truncate". A bill's total is the sum of
 * its lines' amounts, never rounded again.
 */
export function lineAmountMinor(chargeable: number | bigint, unitPriceMinor: bigint, marginBps: number | bigint): bigint {
  const units = BigInt(chargeable);
  const bps = BigInt(marginBps);
  if (units < 0n || unitPriceMinor < 0n || bps < 0n || bps > BPS) {
    throw new RangeError('A billing line has non-negative units and price and a margin of 0 to 10,000 basis points.');
  }
  return (units * unitPriceMinor * (BPS - bps) + BPS / 2n) / BPS;
}

/** A bill's total: the sum of its lines' amounts (lines without a price count nothing). */
export function billTotalMinor(amounts: Iterable<bigint | null>): bigint {
  let total = 0n;
  for (const amount of amounts) if (amount !== null) total += amount;
  return total;
}

/**
 * The same rule in SQL, for the set-based billing run: numeric arithmetic is exact, and
 * `div` truncates as BigInt division does. A test checks both agree on random lines.
 */
export function lineAmountSql(chargeable: SQLWrapper, unitPriceMinor: SQLWrapper, marginBps: SQLWrapper): SQL {
  return sql`div(${chargeable}::numeric * ${unitPriceMinor} * (10000 - ${marginBps}) + 5000, 10000)::bigint`;
}

/** Minor units as a decimal string in the currency's exponent: 123450n USD → "1234.50". */
export function formatMinor(minor: bigint, currency: string): string {
  const exponent = exponentOf(currency);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** "1234.5" in USD → 123450n. More decimals than the currency has are refused, never rounded. */
export function parseMinor(text: string, currency: string): bigint {
  const exponent = exponentOf(currency);
  const match = /^(\d{1,15})(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new DomainError('BAD_REQUEST', m.prices_amount_format(), { field: 'unitPrice' });
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) {
    throw new DomainError(
      'BAD_REQUEST',
      exponent === 0 ? `${currency} has no decimals: enter a whole amount.` : `${currency} has ${exponent} decimals: enter at most ${exponent}.`,
      { field: 'unitPrice' },
    );
  }
  return BigInt(match[1]!) * 10n ** BigInt(exponent) + BigInt(fraction.padEnd(exponent, '0') || '0');
}

/** Basis points as a percent string: 1250 → "12.50". */
export function formatBps(bps: number): string {
  return formatMinor(BigInt(bps), 'USD');
}

/** Basis points of a percent written "12.5", or null when it is not one (more than two decimals, not a number). */
function bpsOf(text: string): number | null {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  return match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : null;
}

/** A percent such as "12.5" → 1250 basis points; more than two decimals or above 100 are refused. */
export function parseBps(text: string, field = 'margin'): number {
  const bps = bpsOf(text);
  if (bps === null) throw new DomainError('BAD_REQUEST', m.prices_percent_format(), { field });
  if (bps > 10_000) throw new DomainError('BAD_REQUEST', m.prices_percent_max(), { field });
  return bps;
}

/** A decimal amount as inputs take it: digits, a point and decimals; checked against the currency by `parseMinor`. */
export const ZAmount = z
  .string(said(m.prices_amount_required))
  .max(24, said(m.prices_amount_too_long))
  .regex(/^\s*\d{1,15}(\.\d{1,3})?\s*$/, said(m.prices_amount_format));

/** A percentage as inputs take it: "12.5". */
export const ZPercent = z
  .string(said(m.prices_percent_required))
  .max(8, said(m.prices_percent_too_long))
  .regex(/^\s*\d{1,3}(\.\d{1,2})?\s*$/, said(m.prices_percent_format))
  .refine((text) => (bpsOf(text) ?? 0) <= 10_000, said(m.prices_percent_max));

/** The currency's exponent in SQL, from the same table as `exponentOf`. */
export function exponentSql(currency: SQLWrapper): SQL {
  return sql`(case ${currency} ${sql.join(
    CURRENCY_CODES.map((code) => sql`when ${code} then ${sql.raw(String(CURRENCIES[code].exponent))}`),
    sql` `,
  )} end)`;
}

/** Minor units as decimal text in SQL ("1234.50"), exact as `formatMinor`: for exports, which stream from the database. */
export function decimalSql(minor: SQLWrapper, currency: SQLWrapper): SQL {
  return sql`round(${minor}::numeric / power(10::numeric, ${exponentSql(currency)}), ${exponentSql(currency)})::text`;
}

/** Basis points as percent text in SQL ("12.50"). */
export function percentSql(bps: SQLWrapper): SQL {
  return sql`round(${bps}::numeric / 100, 2)::text`;
}
