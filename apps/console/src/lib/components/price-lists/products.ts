import { m } from '#lib/paraglide/messages.js';
import { goto } from '$app/navigation';
import { page } from '$app/state';
import type { UnitPriceView } from '@keyway/core/price-lists';
import { resolveHref } from '#lib/paths.ts';

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

/** Shows the page with one query parameter of its address set (or removed when empty), as a new history entry. */
export function applyParam(key: string, value: string): void {
  const next = new URL(page.url.href);
  if (value) next.searchParams.set(key, value);
  else next.searchParams.delete(key);
  // eslint-disable-next-line svelte/no-navigation-without-resolve -- resolveHref() resolves
  void goto(resolveHref(next.pathname + next.search), { reset: false });
}

/** The columns of `EntryCells`: a version's day and state, and its removal for one who may change the price list. */
export const entryColumns = (editable: boolean) => ({
  effectiveFrom: m.price_lists_col_effective_from(),
  state: m.price_lists_col_state(),
  actions: editable && { header: m.common_actions(), role: 'actions' as const },
});
