import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { billingAccounts, channelMargins, companies, products, unitPrices, type Db, type Executor } from '@keyway/db';
import { writeAudit } from '../audit/index.ts';
import { today } from '../dates.ts';
import { DomainError, notFound } from '../errors.ts';
import type { Actor } from '../tenancy/index.ts';
import {
  ZListMarginsInput,
  ZListPricesInput,
  ZMarginIdInput,
  ZPriceIdInput,
  ZSetCurrencyInput,
  ZSetMarginInput,
  ZSetPriceInput,
  type BillingAccountView,
  type ChannelMarginView,
  type TListMarginsInput,
  type TListPricesInput,
  type TSetMarginInput,
  type TSetPriceInput,
  type UnitPriceView,
} from './model.ts';
import { DEFAULT_CURRENCY, formatBps, formatMinor, parseBps, parseMinor } from './money.ts';
import { m } from '../i18n.ts';

/** The highest unit price, in minor units: with up to 2,000,000,000 units a line's amount still fits a bigint. */
export const MAX_UNIT_PRICE_MINOR = 1_000_000_000n;

/** The tier-1 the caller names (the vendor) or is (a tier-1); anything else is NOT_FOUND. */
async function tier1Of(db: Executor, actor: Actor, companyId: string | undefined) {
  const id = actor.tier === 'tier1' ? actor.company.id : companyId;
  if (actor.tier === 'tier1' && companyId && companyId !== actor.company.id) throw notFound(m.not_found_parent_account());
  if (!id) throw new DomainError('BAD_REQUEST', m.prices_choose_parent(), { field: 'companyId' });
  const [row] = await db
    .select({ id: companies.id, name: companies.name, channelId: companies.channelId })
    .from(companies)
    .where(and(eq(companies.id, id), eq(companies.kind, 'tier1')));
  if (!row) throw notFound(m.not_found_parent_account());
  return row;
}

/** The billing currency of a tier-1 (the default when the vendor set none). */
export async function currencyOf(db: Executor, tier1Id: string): Promise<string> {
  const [row] = await db.select({ currency: billingAccounts.currency }).from(billingAccounts).where(eq(billingAccounts.companyId, tier1Id));
  return row?.currency ?? DEFAULT_CURRENCY;
}

/** What the vendor can price: every product of the catalog with the unit types it is sold in. */
export async function listPriceableProducts(db: Executor): Promise<{ id: string; code: string; name: string; unitTypes: string[] }[]> {
  return db
    .select({ id: products.id, code: products.code, name: products.name, unitTypes: products.unitTypes })
    .from(products)
    .orderBy(products.name);
}

/**
 * Price Lists: every version of every unit price, newest first per product × unit type ×
 * currency, and which applies today. A tier-1 sees the prices in its own billing currency.
 */
export async function listPrices(db: Executor, actor: Actor, input: TListPricesInput, day = today()): Promise<UnitPriceView[]> {
  const { filters } = ZListPricesInput.parse(input);
  const currency = actor.tier === 'tier1' ? await currencyOf(db, actor.company.id) : filters.currency;
  if (actor.tier === 'tier1' && filters.currency && filters.currency !== currency) return [];
  const rows = await db.execute<{
    id: string;
    productId: string;
    productCode: string;
    productName: string;
    unitType: string;
    currency: string;
    unitPriceMinor: string;
    effectiveFrom: string;
    inEffect: boolean;
  }>(sql`
    select p.id, p.product_id as "productId", pr.code as "productCode", pr.name as "productName", p.unit_type as "unitType",
      p.currency, p.unit_price_minor::text as "unitPriceMinor", p.effective_from::text as "effectiveFrom",
      p.effective_from = (select max(v.effective_from) from unit_prices v
        where v.product_id = p.product_id and v.unit_type = p.unit_type and v.currency = p.currency
          and v.effective_from <= ${day}::date) as "inEffect"
    from unit_prices p
    join products pr on pr.id = p.product_id
    where true
      ${currency ? sql`and p.currency = ${currency}` : sql``}
      ${filters.productId ? sql`and p.product_id = ${filters.productId}::uuid` : sql``}
    order by pr.code, p.unit_type, p.currency, p.effective_from desc`);
  return rows.map((r) => ({
    id: r.id,
    productId: r.productId,
    productCode: r.productCode,
    productName: r.productName,
    unitType: r.unitType,
    currency: r.currency,
    unitPrice: formatMinor(BigInt(r.unitPriceMinor), r.currency),
    effectiveFrom: r.effectiveFrom,
    inEffect: r.inEffect,
    scheduled: r.effectiveFrom > day,
  }));
}

/**
 * Sets the unit price of a product × unit type × currency from a day on: a new version, or the
 * one of that day replaced. A past day is allowed (the first price list, or a correction, prices
 * cycles not billed yet); bills already drafted keep the prices copied into their lines, until
 * their tier-1 resets them, and submitted ones never change.
 */
export async function setPrice(db: Db, actor: Actor, input: TSetPriceInput, day = today()): Promise<UnitPriceView> {
  const parsed = ZSetPriceInput.parse(input);
  const minor = parseMinor(parsed.unitPrice, parsed.currency);
  if (minor > MAX_UNIT_PRICE_MINOR) {
    throw new DomainError('BAD_REQUEST', m.prices_unit_price_max({ max: formatMinor(MAX_UNIT_PRICE_MINOR, parsed.currency), currency: parsed.currency }), { field: 'unitPrice' });
  }
  return db.transaction(async (tx) => {
    const [product] = await tx.select().from(products).where(eq(products.id, parsed.productId));
    if (!product) throw notFound(m.not_found_product());
    if (!product.unitTypes.includes(parsed.unitType)) {
      throw new DomainError('BAD_REQUEST', m.prices_unit_type_wrong({ product: product.name, unitTypes: product.unitTypes.join(` ${m.prices_or()} `), unitType: parsed.unitType }), { field: 'unitType' });
    }
    const [before] = await tx
      .select()
      .from(unitPrices)
      .where(
        and(
          eq(unitPrices.productId, product.id),
          eq(unitPrices.unitType, parsed.unitType),
          eq(unitPrices.currency, parsed.currency),
          eq(unitPrices.effectiveFrom, parsed.effectiveFrom),
        ),
      );
    const [row] = await tx
      .insert(unitPrices)
      .values({
        productId: product.id,
        unitType: parsed.unitType,
        currency: parsed.currency,
        unitPriceMinor: minor,
        effectiveFrom: parsed.effectiveFrom,
        createdBy: actor.userId,
      })
      .onConflictDoUpdate({
        target: [unitPrices.productId, unitPrices.unitType, unitPrices.currency, unitPrices.effectiveFrom],
        set: { unitPriceMinor: minor, createdBy: actor.userId, createdAt: new Date() },
      })
      .returning();
    await writeAudit(tx, actor, {
      company: null,
      action: 'price-list.set-price',
      targetType: 'unit-price',
      targetId: row!.id,
      before: before ? { unitPrice: formatMinor(before.unitPriceMinor, before.currency) } : undefined,
      after: { product: product.code, unitType: parsed.unitType, currency: parsed.currency, unitPrice: formatMinor(minor, parsed.currency), effectiveFrom: parsed.effectiveFrom },
    });
    const views = await listPrices(tx, actor, { filters: { currency: parsed.currency, productId: product.id } }, day);
    return views.find((v) => v.id === row!.id)!;
  });
}

/** Removes a price version (a mistake); bills keep the prices copied into their lines. */
export async function deletePrice(db: Db, actor: Actor, input: z.input<typeof ZPriceIdInput>): Promise<{ id: string }> {
  const { priceId } = ZPriceIdInput.parse(input);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(unitPrices).where(eq(unitPrices.id, priceId)).for('update');
    if (!row) throw notFound(m.not_found_price());
    await tx.delete(unitPrices).where(eq(unitPrices.id, row.id));
    await writeAudit(tx, actor, {
      company: null,
      action: 'price-list.delete-price',
      targetType: 'unit-price',
      targetId: row.id,
      before: { currency: row.currency, unitPrice: formatMinor(row.unitPriceMinor, row.currency), effectiveFrom: row.effectiveFrom },
    });
    return { id: row.id };
  });
}

/** The channel margins of a tier-1 (the vendor names one; a tier-1 reads its own), every version. */
export async function listMargins(db: Executor, actor: Actor, input: TListMarginsInput, day = today()): Promise<ChannelMarginView[]> {
  const { companyId } = ZListMarginsInput.parse(input);
  const tier1 = actor.tier === 'vendor' && !companyId ? null : await tier1Of(db, actor, companyId);
  const rows = await db.execute<{
    id: string;
    companyId: string;
    companyName: string;
    productId: string | null;
    productCode: string | null;
    productName: string | null;
    marginBps: number;
    effectiveFrom: string;
    inEffect: boolean;
  }>(sql`
    select m.id, m.company_id as "companyId", c.name as "companyName", m.product_id as "productId", pr.code as "productCode",
      pr.name as "productName", m.margin_bps as "marginBps", m.effective_from::text as "effectiveFrom",
      m.effective_from = (select max(v.effective_from) from channel_margins v
        where v.company_id = m.company_id and v.product_id is not distinct from m.product_id and v.effective_from <= ${day}::date) as "inEffect"
    from channel_margins m
    join companies c on c.id = m.company_id
    left join products pr on pr.id = m.product_id
    where ${tier1 ? sql`m.company_id = ${tier1.id}::uuid` : sql`true`}
    order by c.name, m.company_id, pr.code nulls first, m.effective_from desc`);
  return rows.map((r) => ({ ...r, margin: formatBps(r.marginBps), scheduled: r.effectiveFrom > day }));
}

/** Sets a tier-1's default margin (no product) or its margin for one product, from a day on; bills keep what they copied. */
export async function setMargin(db: Db, actor: Actor, input: TSetMarginInput, day = today()): Promise<ChannelMarginView> {
  const parsed = ZSetMarginInput.parse(input);
  const bps = parseBps(parsed.margin);
  return db.transaction(async (tx) => {
    const tier1 = await tier1Of(tx, actor, parsed.companyId);
    if (parsed.productId) {
      const [product] = await tx.select({ id: products.id }).from(products).where(eq(products.id, parsed.productId));
      if (!product) throw notFound(m.not_found_product());
    }
    const stamps = { channelId: tier1.id, partnerId: null, customerId: null };
    const [row] = await tx
      .insert(channelMargins)
      .values({ companyId: tier1.id, ...stamps, productId: parsed.productId, marginBps: bps, effectiveFrom: parsed.effectiveFrom, createdBy: actor.userId })
      .onConflictDoUpdate({
        target: [channelMargins.companyId, channelMargins.productId, channelMargins.effectiveFrom],
        set: { marginBps: bps, createdBy: actor.userId, createdAt: new Date() },
      })
      .returning();
    await writeAudit(tx, actor, {
      company: { id: tier1.id, ...stamps },
      action: 'price-list.set-margin',
      targetType: 'channel-margin',
      targetId: row!.id,
      after: { productId: parsed.productId, margin: formatBps(bps), effectiveFrom: parsed.effectiveFrom },
    });
    const views = await listMargins(tx, actor, { companyId: tier1.id }, day);
    return views.find((v) => v.id === row!.id)!;
  });
}

/** Removes a margin version (a mistake); bills keep the margins copied into their lines. */
export async function deleteMargin(db: Db, actor: Actor, input: z.input<typeof ZMarginIdInput>): Promise<{ id: string }> {
  const { marginId } = ZMarginIdInput.parse(input);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(channelMargins).where(eq(channelMargins.id, marginId)).for('update');
    if (!row) throw notFound(m.not_found_margin());
    await tx.delete(channelMargins).where(eq(channelMargins.id, row.id));
    await writeAudit(tx, actor, {
      company: { id: row.companyId, channelId: row.channelId, partnerId: null, customerId: null },
      action: 'price-list.delete-margin',
      targetType: 'channel-margin',
      targetId: row.id,
      before: { productId: row.productId, margin: formatBps(row.marginBps), effectiveFrom: row.effectiveFrom },
    });
    return { id: row.id };
  });
}

/** Every tier-1 with its billing currency (the vendor), or the caller's own (a tier-1). */
export async function listBillingAccounts(db: Db, actor: Actor): Promise<BillingAccountView[]> {
  const rows = await db
    .select({ companyId: companies.id, companyName: companies.name, currency: billingAccounts.currency })
    .from(companies)
    .leftJoin(billingAccounts, eq(billingAccounts.companyId, companies.id))
    .where(and(eq(companies.kind, 'tier1'), actor.tier === 'tier1' ? eq(companies.id, actor.company.id) : undefined))
    .orderBy(companies.name, companies.id);
  return rows.map((r) => ({ companyId: r.companyId, companyName: r.companyName, currency: r.currency ?? DEFAULT_CURRENCY, isDefault: r.currency === null }));
}

/** The vendor sets a tier-1's billing currency; bills drafted from then on are in it, drafted ones keep theirs. */
export async function setBillingCurrency(db: Db, actor: Actor, input: z.input<typeof ZSetCurrencyInput>): Promise<BillingAccountView> {
  const parsed = ZSetCurrencyInput.parse(input);
  return db.transaction(async (tx) => {
    const tier1 = await tier1Of(tx, actor, parsed.companyId);
    const before = await currencyOf(tx, tier1.id);
    const stamps = { channelId: tier1.id, partnerId: null, customerId: null };
    await tx
      .insert(billingAccounts)
      .values({ companyId: tier1.id, ...stamps, currency: parsed.currency, updatedBy: actor.userId })
      .onConflictDoUpdate({ target: billingAccounts.companyId, set: { currency: parsed.currency, updatedBy: actor.userId, updatedAt: new Date() } });
    await writeAudit(tx, actor, {
      company: { id: tier1.id, ...stamps },
      action: 'price-list.set-currency',
      targetType: 'company',
      targetId: tier1.id,
      before: { currency: before },
      after: { currency: parsed.currency },
    });
    return { companyId: tier1.id, companyName: tier1.name, currency: parsed.currency, isDefault: false };
  });
}
