import type { ApiCaller } from '@keyway/api';
import type { SignedIn } from '@keyway/core/auth';
import { CURRENCY_CODES, ZCurrency } from '@keyway/core/price-lists';
import { promoCodeAllows } from '@keyway/db';
import { currencyName, promoCodeAllowsLabel } from '#lib/labels.ts';

/**
 * What the price list pages show: the vendor's whole price list (Administration → Price Lists, with
 * `?currency=` and `?tier1=` choosing the prices' currency and whose margins), or a tier-1's own
 * prices, margins and billing currency, read-only (Billing Reports → Prices and margins).
 */
export async function loadPriceList(api: ApiCaller, auth: Pick<SignedIn, 'tier' | 'permissions'>, url: URL) {
  const vendor = auth.tier === 'vendor';
  const accounts = await api.priceLists.accounts();
  const asked = ZCurrency.safeParse(url.searchParams.get('currency'));
  const currency = vendor && asked.success ? asked.data : undefined;
  const askedTier1 = url.searchParams.get('tier1') ?? '';
  const tier1 = accounts.find((account) => account.companyId === askedTier1) ?? accounts[0] ?? null;
  const editable = auth.permissions.includes('priceLists.modify');
  const [prices, margins, promoCodes, catalog] = await Promise.all([
    api.priceLists.list({ filters: { currency } }),
    tier1 ? api.priceLists.margins({ companyId: vendor ? tier1.companyId : undefined }) : [],
    auth.permissions.includes('promoCodes.view') ? api.promoCodes.list({}) : null,
    vendor && editable ? api.priceLists.products() : [],
  ]);
  return {
    vendor,
    editable,
    canEditPromoCodes: auth.permissions.includes('promoCodes.modify'),
    currency: currency ?? '',
    tier1: tier1?.companyId ?? '',
    accounts,
    prices,
    /** Every product of the catalog with its unit types, for the vendor's "Set price" choices. */
    catalog: catalog.map((product) => ({ id: product.id, name: `${product.name} (${product.code})`, unitTypes: product.unitTypes })),
    margins,
    promoCodes,
    // What a promo code allows and the currencies' names, in the reader's language.
    labels: {
      allows: Object.fromEntries(promoCodeAllows.enumValues.map((code) => [code, promoCodeAllowsLabel(code)])),
      currencies: CURRENCY_CODES.map((code) => ({ code, name: currencyName(code) })),
    },
  };
}
