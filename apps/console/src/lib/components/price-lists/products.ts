import type { UnitPriceView } from '@keyway/core/price-lists';

/** The products and unit types a price list names, for the price and margin dialogs' choices. */
export function pricedProducts(prices: readonly UnitPriceView[]) {
  const named = new Map<string, { name: string; unitTypes: Set<string> }>();
  for (const price of prices) {
    const entry = named.get(price.productId) ?? { name: `${price.productName} (${price.productCode})`, unitTypes: new Set<string>() };
    entry.unitTypes.add(price.unitType);
    named.set(price.productId, entry);
  }
  return [...named].map(([id, entry]) => ({ id, name: entry.name, unitTypes: [...entry.unitTypes] }));
}

/** Goes to the page's address with one query parameter set (or removed when empty). */
export function withParam(url: { href: string }, key: string, value: string): string {
  const next = new URL(url.href);
  if (value) next.searchParams.set(key, value);
  else next.searchParams.delete(key);
  return next.pathname + next.search;
}
