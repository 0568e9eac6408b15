import { z } from 'zod';
import { promoCodeAllows, type PromoCodeAllows } from '@keyway/db';
import { m } from '../i18n.ts';
import { said, ZDay, ZText } from '../validation.ts';
import { ZAmount, ZCurrency, ZPercent, type Currency } from './money.ts';

/*
 * Administration → Price Lists: the shapes the api and the console share. Amounts and
 * percentages travel as decimal strings written from integers ("12.50"), never as numbers.
 */

export const ZProductId = z.uuid(said(m.customers_product_id_invalid));
export const ZTier1Id = z.uuid(said(m.prices_parent_id_invalid));
export const ZUnitType = ZText(40, { tooLong: m.prices_unit_type_too_long }).min(1, said(m.prices_unit_type_choose));

export const ZPriceListFilters = z
  .object({
    currency: ZCurrency.optional(),
    productId: ZProductId.optional(),
  })
  .default({});

export const ZListPricesInput = z.object({ filters: ZPriceListFilters }).default({ filters: {} });
export type TListPricesInput = z.input<typeof ZListPricesInput>;

export const ZSetPriceInput = z.object({
  productId: ZProductId,
  unitType: ZUnitType,
  currency: ZCurrency,
  /** Decimal in the currency, e.g. "4.20". */
  unitPrice: ZAmount,
  /** The first day it applies. */
  effectiveFrom: ZDay(),
});
export type TSetPriceInput = z.input<typeof ZSetPriceInput>;

export const ZPriceIdInput = z.object({ priceId: z.uuid(said(m.prices_price_id_invalid)) });

export const ZListMarginsInput = z
  .object({
    /** The vendor picks a tier-1; a tier-1 reads its own. */
    companyId: ZTier1Id.optional(),
  })
  .default({});
export type TListMarginsInput = z.input<typeof ZListMarginsInput>;

export const ZSetMarginInput = z.object({
  companyId: ZTier1Id,
  /** Null: the tier-1's default margin. */
  productId: ZProductId.nullable(),
  /** Percent, e.g. "12.5". */
  margin: ZPercent,
  effectiveFrom: ZDay(),
});
export type TSetMarginInput = z.input<typeof ZSetMarginInput>;

export const ZMarginIdInput = z.object({ marginId: z.uuid(said(m.prices_margin_id_invalid)) });

export const ZSetCurrencyInput = z.object({ companyId: ZTier1Id, currency: ZCurrency });

/** One version of a unit price. */
export interface UnitPriceView {
  id: string;
  productId: string;
  productCode: string;
  productName: string;
  unitType: string;
  currency: string;
  /** Decimal, e.g. "4.20". */
  unitPrice: string;
  effectiveFrom: string;
  /** The version that applies today. */
  inEffect: boolean;
  /** Takes effect after today: it may still be removed. */
  scheduled: boolean;
}

/** One version of a channel margin (the default when `productId` is null). */
export interface ChannelMarginView {
  id: string;
  companyId: string;
  companyName: string;
  productId: string | null;
  productCode: string | null;
  productName: string | null;
  /** Percent, e.g. "12.50". */
  margin: string;
  marginBps: number;
  effectiveFrom: string;
  inEffect: boolean;
  scheduled: boolean;
}

/** A tier-1 as the price list sees it: its billing currency. */
export interface BillingAccountView {
  companyId: string;
  companyName: string;
  currency: Currency | string;
  /** No row yet: billed in the default currency. */
  isDefault: boolean;
}

export const ZPromoCode = ZText(32, { tooLong: m.promo_code_too_long })
  .min(3, said(m.promo_code_too_short))
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, said(m.promo_code_characters))
  .transform((code) => code.toUpperCase());

export const ZPromoCodeId = z.uuid(said(m.promo_code_id_invalid));

const promoCodeFields = {
  code: ZPromoCode,
  description: ZText(500, { tooLong: m.promo_description_too_long }).default(''),
  allows: z.enum(promoCodeAllows.enumValues, said(m.promo_allows_choose)),
  /** unit_price: the largest discount off the list price, in percent; margin: the highest margin. */
  bound: ZPercent,
  channelIds: z.array(ZTier1Id).min(1, said(m.promo_parents_min)).max(100, said(m.promo_parents_max)),
  productIds: z.array(ZProductId).min(1, said(m.promo_products_min)).max(100, said(m.promo_products_max)),
  validFrom: ZDay(),
  validUntil: ZDay(),
};

export const ZCreatePromoCodeInput = z
  .object(promoCodeFields)
  .refine((v) => v.validFrom <= v.validUntil, { ...said(m.promo_start_before_end), path: ['validUntil'] });
export type TCreatePromoCodeInput = z.input<typeof ZCreatePromoCodeInput>;

export const ZUpdatePromoCodeInput = z
  .object({ promoCodeId: ZPromoCodeId, ...promoCodeFields })
  .refine((v) => v.validFrom <= v.validUntil, { ...said(m.promo_start_before_end), path: ['validUntil'] });
export type TUpdatePromoCodeInput = z.input<typeof ZUpdatePromoCodeInput>;

export const ZPromoCodeIdInput = z.object({ promoCodeId: ZPromoCodeId });

export const ZListPromoCodesInput = z
  .object({
    filters: z
      .object({
        channelId: ZTier1Id.optional(),
        state: z.enum(['scheduled', 'active', 'expired'], said(m.promo_state_choose)).optional(),
      })
      .default({}),
  })
  .default({ filters: {} });
export type TListPromoCodesInput = z.input<typeof ZListPromoCodesInput>;

export interface PromoCodeView {
  id: string;
  code: string;
  description: string;
  allows: PromoCodeAllows;
  /** Percent: the largest discount (unit_price) or the highest margin (margin). */
  bound: string;
  boundBps: number;
  channels: { id: string; name: string }[];
  products: { id: string; code: string; name: string }[];
  validFrom: string;
  validUntil: string;
  state: 'scheduled' | 'active' | 'expired';
  /** Billing lines it was specified on. */
  lineCount: number;
}
